import { assertMs } from "./assert-ms.js";
import {
  BREAKER_FAILURE_THRESHOLD,
  BREAKER_RECOVERY_BASE_MS,
  BREAKER_RECOVERY_MAX_MS,
} from "./defaults.js";

/** The three breaker phases; the strings are what checkpoints store (spec §1.6). */
export const BREAKER_PHASES = ["closed", "open", "half_open"] as const;

/** A breaker phase. */
export type BreakerPhase = (typeof BREAKER_PHASES)[number];

/** One instrument's breaker, as read by diagnostics and saved in checkpoints. */
export interface BreakerState {
  readonly phase: BreakerPhase;
  /** Failures since the last success, across all jobs. */
  readonly consecutiveFailures: number;
  /** Times the breaker opened since it was last CLOSED; sets the next recovery delay. */
  readonly openings: number;
  /** When the recovery probe is due (OPEN only), in ms on the caller's clock. */
  readonly recoverAtMs: number | null;
  /** HALF_OPEN only: the single probe has been admitted and has not reported yet. */
  readonly probeInFlight: boolean;
}

/** What a call did; `recoverAtMs` is set only when the call opened the breaker. */
export interface BreakerChange {
  readonly from: BreakerPhase;
  readonly to: BreakerPhase;
  /** Schedule `CircuitBreakerRecovery` for this time, replacing any earlier recovery timer. */
  readonly recoverAtMs: number | null;
}

/** Breaker parameters; defaults are the reference's (spec §6.2). */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open a CLOSED breaker (default 5, ≥ 1). */
  readonly threshold?: number;
  /** Recovery delay after the first opening, in ms (default 30 000). */
  readonly recoveryBaseMs?: number;
  /** Recovery delay ceiling, in ms (default 300 000). */
  readonly recoveryMaxMs?: number;
}

const CLOSED: BreakerState = {
  phase: "closed",
  consecutiveFailures: 0,
  openings: 0,
  recoverAtMs: null,
  probeInFlight: false,
};

/**
 * Circuit breakers keyed by instrument name (spec §1.6, §6.2). CLOSED → OPEN after `threshold`
 * consecutive failures; OPEN → HALF_OPEN through `recover` once the recovery time is reached;
 * HALF_OPEN admits exactly one probe (spec §13.2); its success closes the breaker and resets
 * the delay, its failure reopens it with the delay doubled (30 s → 60 → 120 → 240 → 300 s).
 * Nothing here schedules: opening returns the time the caller must schedule the recovery for.
 */
export class CircuitBreakers {
  readonly #states = new Map<string, BreakerState>();
  readonly #threshold: number;
  readonly #baseMs: number;
  readonly #maxMs: number;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#threshold = options.threshold ?? BREAKER_FAILURE_THRESHOLD;
    this.#baseMs = options.recoveryBaseMs ?? BREAKER_RECOVERY_BASE_MS;
    this.#maxMs = options.recoveryMaxMs ?? BREAKER_RECOVERY_MAX_MS;
    if (!Number.isInteger(this.#threshold) || this.#threshold < 1)
      throw new TypeError(`breaker threshold must be an integer ≥ 1, got ${this.#threshold}`);
    assertMs("recoveryBaseMs", this.#baseMs);
    assertMs("recoveryMaxMs", this.#maxMs);
  }

  /** The breaker of `key`; an unknown key is CLOSED with no failures. */
  state(key: string): BreakerState {
    return this.#states.get(key) ?? CLOSED;
  }

  /** True when the breaker of `key` is OPEN (HALF_OPEN is not, spec §11). */
  isOpen(key: string): boolean {
    return this.state(key).phase === "open";
  }

  /** True when `tryAcquire` would admit work now: CLOSED, or HALF_OPEN with the probe free. */
  canAdmit(key: string): boolean {
    const s = this.state(key);
    return s.phase === "closed" || (s.phase === "half_open" && !s.probeInFlight);
  }

  /** Admits one dispatch: always when CLOSED, once (the probe) when HALF_OPEN, never when OPEN. */
  tryAcquire(key: string): boolean {
    const s = this.state(key);
    if (s.phase === "closed") return true;
    if (s.phase === "open" || s.probeInFlight) return false;
    this.#states.set(key, { ...s, probeInFlight: true });
    return true;
  }

  /** Frees the probe slot when the probe ends without a verdict (not dispatched, rate-limited, cancelled). */
  releaseProbe(key: string): boolean {
    const s = this.state(key);
    if (s.phase !== "half_open" || !s.probeInFlight) return false;
    this.#states.set(key, { ...s, probeInFlight: false });
    return true;
  }

  /** Records a success (full or partial): resets the failure count; HALF_OPEN → CLOSED. */
  recordSuccess(key: string): BreakerChange {
    const s = this.state(key);
    // An OPEN breaker stays OPEN until its probe succeeds, as in the reference (spec §1.6).
    const next: BreakerState = s.phase === "half_open" ? CLOSED : { ...s, consecutiveFailures: 0 };
    this.#put(key, next);
    return { from: s.phase, to: next.phase, recoverAtMs: null };
  }

  /** Records a failure at `nowMs`; opens the breaker from HALF_OPEN, or from CLOSED at the threshold. */
  recordFailure(key: string, nowMs: number): BreakerChange {
    assertMs("nowMs", nowMs);
    const s = this.state(key);
    const failures = s.consecutiveFailures + 1;
    const opens = s.phase === "half_open" || (s.phase === "closed" && failures >= this.#threshold);
    if (!opens) {
      this.#states.set(key, { ...s, consecutiveFailures: failures });
      return { from: s.phase, to: s.phase, recoverAtMs: null };
    }
    const openings = s.openings + 1;
    const recoverAtMs = nowMs + this.recoveryDelayMs(openings);
    this.#states.set(key, {
      phase: "open",
      consecutiveFailures: failures,
      openings,
      recoverAtMs,
      probeInFlight: false,
    });
    return { from: s.phase, to: "open", recoverAtMs };
  }

  /** The recovery timer fired: OPEN → HALF_OPEN when `nowMs` has reached the recovery time; else no-op. */
  recover(key: string, nowMs: number): BreakerChange {
    assertMs("nowMs", nowMs);
    const s = this.state(key);
    if (s.phase !== "open" || s.recoverAtMs === null || nowMs < s.recoverAtMs)
      return { from: s.phase, to: s.phase, recoverAtMs: null };
    this.#states.set(key, { ...s, phase: "half_open", recoverAtMs: null, probeInFlight: false });
    return { from: "open", to: "half_open", recoverAtMs: null };
  }

  /** Recovery delay after the n-th consecutive opening: `min(base × 2^(n−1), max)`. */
  recoveryDelayMs(openings: number): number {
    if (!Number.isInteger(openings) || openings < 1)
      throw new TypeError(`openings must be an integer ≥ 1, got ${openings}`);
    return Math.min(this.#baseMs * 2 ** (openings - 1), this.#maxMs);
  }

  /** Keys whose breaker is OPEN, sorted (HALF_OPEN excluded, spec §4.1). */
  openKeys(): string[] {
    return [...this.#states]
      .filter(([, s]) => s.phase === "open")
      .map(([k]) => k)
      .sort();
  }

  /** Every breaker that is not pristine CLOSED, for checkpoints. */
  entries(): [string, BreakerState][] {
    return [...this.#states];
  }

  /** Restores a saved breaker; a HALF_OPEN probe did not survive the restart, so its slot is free. */
  restore(key: string, saved: BreakerState): void {
    if (!BREAKER_PHASES.includes(saved.phase))
      throw new TypeError(`unknown circuit breaker phase '${String(saved.phase)}'`);
    for (const n of [saved.consecutiveFailures, saved.openings])
      if (!Number.isInteger(n) || n < 0)
        throw new TypeError(`breaker counters must be non-negative integers, got ${n}`);
    if (saved.phase === "closed" && saved.openings !== 0)
      throw new TypeError("a CLOSED breaker has no openings to remember");
    if ((saved.phase === "open") !== (saved.recoverAtMs !== null))
      throw new TypeError("an OPEN breaker, and only an OPEN one, has a recovery time");
    if (saved.recoverAtMs !== null) assertMs("recoverAtMs", saved.recoverAtMs);
    this.#put(key, { ...saved, probeInFlight: false });
  }

  #put(key: string, s: BreakerState): void {
    if (s.phase === "closed" && s.consecutiveFailures === 0 && s.openings === 0)
      this.#states.delete(key);
    else this.#states.set(key, s);
  }
}
