import type { ResourceAnomaly } from "../events/conductor-events.js";
import type { CoreContext } from "../state/core-context.js";

/**
 * Resource pressure (spec §2.3.19): `critical` pauses every job at once with the `resource`
 * reason (one flag, O(1)); any other severity lifts that reason only — never a user, cost or
 * escalation pause (spec §13.2).
 */
export function handleResourceAnomaly(ctx: CoreContext, e: ResourceAnomaly): void {
  const paused = e.severity === "critical";
  if (ctx.resourcePaused === paused) return;
  ctx.resourcePaused = paused;
  ctx.log(paused ? "warn" : "info", paused ? "baton.resource.paused" : "baton.resource.resumed", {
    metric: e.metric,
    value: e.value,
  });
}
