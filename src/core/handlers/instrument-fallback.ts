import type { InstrumentFallback } from "../events/instrument-events.js";
import type { CoreContext } from "../state/core-context.js";

/** An output-only event (spec §2.3.20): nothing changes; it is still observed. */
export function handleInstrumentFallback(_ctx: CoreContext, _e: InstrumentFallback): void {}
