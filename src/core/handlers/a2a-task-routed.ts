import type { A2ATaskRouted } from "../events/a2a-events.js";
import type { CoreContext } from "../state/core-context.js";

/** Confirmation for observers that a task is stored (spec §10): no state change. */
export function handleA2ATaskRouted(_ctx: CoreContext, _e: A2ATaskRouted): void {}
