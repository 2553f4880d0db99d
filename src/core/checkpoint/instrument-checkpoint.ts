import type { CircuitBreakers } from "../instruments/circuit-breaker.js";
import type { RateLimits } from "../instruments/rate-limit.js";
import type { InstrumentsCheckpoint } from "./checkpoint-types.js";

/** The instrument health worth keeping: every stored rate limit and every non-pristine breaker. */
export function captureInstruments(
  rateLimits: RateLimits,
  breakers: CircuitBreakers,
): InstrumentsCheckpoint {
  return {
    rateLimits: rateLimits.entries().map(([key, expiresAtMs]) => ({ key, expiresAtMs })),
    breakers: breakers
      .entries()
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, s]) => ({
        key,
        phase: s.phase,
        consecutiveFailures: s.consecutiveFailures,
        openings: s.openings,
        recoverAtMs: s.recoverAtMs,
      })),
  };
}

/**
 * Puts saved instrument health back. Expiries are exact (a rate limit is re-hit at epoch 0 with
 * its expiry as the wait, which stores exactly that expiry); a HALF_OPEN breaker's probe did not
 * survive the restart, so its slot is free again.
 */
export function restoreInstruments(
  saved: InstrumentsCheckpoint,
  rateLimits: RateLimits,
  breakers: CircuitBreakers,
): void {
  for (const { key, expiresAtMs } of saved.rateLimits) rateLimits.hit(key, expiresAtMs, 0);
  for (const b of saved.breakers)
    breakers.restore(b.key, {
      phase: b.phase,
      consecutiveFailures: b.consecutiveFailures,
      openings: b.openings,
      recoverAtMs: b.recoverAtMs,
      probeInFlight: false,
    });
}
