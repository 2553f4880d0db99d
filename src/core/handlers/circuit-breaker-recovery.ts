import type { CircuitBreakerRecovery } from "../events/instrument-events.js";
import type { CoreContext } from "../state/core-context.js";

/** OPEN → HALF_OPEN when the recovery time is reached (spec §2.3.21); the next pass admits one probe. */
export function handleCircuitBreakerRecovery(ctx: CoreContext, e: CircuitBreakerRecovery): void {
  const change = ctx.breakers.recover(e.instrument, ctx.now());
  if (change.to === "half_open")
    ctx.log("info", "baton.circuit_breaker.half_open", { instrument: e.instrument });
}
