import type { CircuitBreakers } from "../instruments/circuit-breaker.js";
import type { RateLimits } from "../instruments/rate-limit.js";
import type { BreakerCheckpoint, InstrumentsCheckpoint } from "./checkpoint-types.js";

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
 * Puts saved instrument health back. Instruments are shared by jobs, and each job's checkpoint
 * holds the health as of its own last save, so several restores merge rather than overwrite:
 * the later rate-limit expiry stands (a rate limit is re-hit at epoch 0 with its expiry as the
 * wait, which stores exactly that expiry, and a hit never shortens a limit), and a breaker takes
 * the more severe saved state (see `moreSevere`). A HALF_OPEN breaker's probe did not survive
 * the restart, so its slot is free again.
 */
export function restoreInstruments(
  saved: InstrumentsCheckpoint,
  rateLimits: RateLimits,
  breakers: CircuitBreakers,
): void {
  for (const { key, expiresAtMs } of saved.rateLimits) rateLimits.hit(key, expiresAtMs, 0);
  for (const b of saved.breakers) {
    if (!moreSevere(b, breakers.state(b.key))) continue;
    breakers.restore(b.key, {
      phase: b.phase,
      consecutiveFailures: b.consecutiveFailures,
      openings: b.openings,
      recoverAtMs: b.recoverAtMs,
      probeInFlight: false,
    });
  }
}

const PHASE_RANK = { closed: 0, half_open: 1, open: 2 } as const;

type BreakerFields = Omit<BreakerCheckpoint, "key">;

/** Ordered by openings, then phase, then failures, then the later recovery time. */
function moreSevere(a: BreakerFields, b: BreakerFields): boolean {
  if (a.openings !== b.openings) return a.openings > b.openings;
  if (a.phase !== b.phase) return PHASE_RANK[a.phase] > PHASE_RANK[b.phase];
  if (a.consecutiveFailures !== b.consecutiveFailures)
    return a.consecutiveFailures > b.consecutiveFailures;
  return (a.recoverAtMs ?? 0) > (b.recoverAtMs ?? 0);
}
