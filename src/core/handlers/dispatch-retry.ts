import type { DispatchRetry } from "../events/conductor-events.js";
import type { CoreContext } from "../state/core-context.js";

/** A wake-up (spec §2.3.20): nothing changes; the batch's dispatch pass runs anyway. */
export function handleDispatchRetry(_ctx: CoreContext, _e: DispatchRetry): void {}
