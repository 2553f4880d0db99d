import type { Clock } from "../../common/index.js";
import {
  BREAKER_BASE_OPEN_MS,
  BREAKER_CONSECUTIVE_FAILURES,
  BREAKER_MAX_OPEN_MS,
} from "./defaults.js";

/** A breaker phase. */
export type BreakerPhase = "closed" | "open" | "half_open";

/**
 * What `tryAcquire` answered; hand it back to `onSuccess`/`onFailure`/`release` so the breaker
 * can tell the probe's verdict from late results of requests admitted before it opened.
 */
export type Admission = "admit" | "probe" | "reject";

/** Breaker knobs; defaults are Envoy's outlier-detection values (`defaults.ts`). */
export interface TargetBreakerOptions {
  /** Consecutive failures that open a closed breaker (default 5, ≥ 1). */
  readonly consecutiveFailures?: number;
  /** Open period after the first opening, in ms; multiplied by openings in a row (default 30 000). */
  readonly baseOpenMs?: number;
  /** Longest open period, in ms (default 300 000). */
  readonly maxOpenMs?: number;
  /**
   * Asked before the breaker opens from closed; `false` keeps it closed (the outlier ejector
   * uses this to cap how many targets are out at once). Re-opening after a probe is not asked.
   */
  readonly mayOpen?: () => boolean;
}

/**
 * A circuit breaker for one target, on the monotonic clock. Closed → open after N consecutive
 * failures; open rejects at once; when the open period ends it is half-open and admits exactly
 * one probe at a time; the probe's success closes it (and forgets past openings), its failure
 * re-opens it for longer: base × openings in a row, capped (Envoy's ejection backoff).
 */
export class TargetBreaker {
  readonly #clock: Clock;
  readonly #threshold: number;
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #mayOpen: () => boolean;
  #phase: BreakerPhase = "closed";
  #failures = 0;
  #openings = 0;
  #retryAtMs: number | null = null;
  #probeOut = false;

  /** A closed breaker reading time from `clock`. */
  constructor(clock: Clock, options: TargetBreakerOptions = {}) {
    this.#clock = clock;
    this.#threshold = options.consecutiveFailures ?? BREAKER_CONSECUTIVE_FAILURES;
    this.#baseMs = options.baseOpenMs ?? BREAKER_BASE_OPEN_MS;
    this.#maxMs = options.maxOpenMs ?? BREAKER_MAX_OPEN_MS;
    this.#mayOpen = options.mayOpen ?? (() => true);
    if (!Number.isSafeInteger(this.#threshold) || this.#threshold < 1)
      throw new TypeError(`consecutiveFailures must be an integer ≥ 1, got ${this.#threshold}`);
    for (const [name, ms] of [
      ["baseOpenMs", this.#baseMs],
      ["maxOpenMs", this.#maxMs],
    ] as const) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new TypeError(`${name} must be a finite number of ms ≥ 0, got ${ms}`);
    }
  }

  /** The phase now; an open breaker whose period has ended reads as half-open. */
  get state(): BreakerPhase {
    this.#refresh();
    return this.#phase;
  }

  /** Monotonic ms at which an open breaker turns half-open; `null` unless open. */
  get retryAtMs(): number | null {
    this.#refresh();
    return this.#retryAtMs;
  }

  /** Ms until an open breaker admits a probe (0 unless open): a `Retry-After` hint. */
  get retryAfterMs(): number {
    const at = this.retryAtMs;
    return at === null ? 0 : Math.max(0, at - this.#clock.monoMs());
  }

  /** Failures in a row since the last success. */
  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** Times opened in a row without a successful probe; sets the next open period. */
  get openings(): number {
    return this.#openings;
  }

  /** Whether a half-open breaker's single probe is out. */
  get probeInFlight(): boolean {
    return this.#probeOut;
  }

  /** Asks to send one request: `admit` (closed), `probe` (the one half-open trial), or `reject`. */
  tryAcquire(): Admission {
    this.#refresh();
    if (this.#phase === "closed") return "admit";
    if (this.#phase === "open" || this.#probeOut) return "reject";
    this.#probeOut = true;
    return "probe";
  }

  /** Reports a success for a request admitted as `admission`. */
  onSuccess(admission: Admission): void {
    if (admission === "probe") {
      if (!this.#endProbe()) return;
      this.#close();
      return;
    }
    // A late success of a request admitted before the breaker opened does not close it.
    if (admission === "admit" && this.#phase === "closed") this.#failures = 0;
  }

  /** Reports a failure for a request admitted as `admission`. */
  onFailure(admission: Admission): void {
    if (admission === "probe") {
      if (!this.#endProbe()) return;
      this.#failures += 1;
      this.#open();
      return;
    }
    // Late failures while open or half-open neither extend the period nor count twice.
    if (admission !== "admit" || this.#phase !== "closed") return;
    this.#failures += 1;
    if (this.#failures >= this.#threshold && this.#mayOpen()) this.#open();
  }

  /** Gives back an admission that ended with no verdict (client went away, 4xx, cancelled). */
  release(admission: Admission): void {
    if (admission === "probe") this.#endProbe();
  }

  /** Turns an open breaker whose period has ended half-open. */
  #refresh(): void {
    if (
      this.#phase === "open" &&
      this.#retryAtMs !== null &&
      this.#clock.monoMs() >= this.#retryAtMs
    ) {
      this.#phase = "half_open";
      this.#retryAtMs = null;
      this.#probeOut = false;
    }
  }

  /** Ends the current probe; `false` when no probe was out (a stale or duplicate report). */
  #endProbe(): boolean {
    if (this.#phase !== "half_open" || !this.#probeOut) return false;
    this.#probeOut = false;
    return true;
  }

  #open(): void {
    this.#openings += 1;
    this.#phase = "open";
    this.#probeOut = false;
    this.#retryAtMs = this.#clock.monoMs() + Math.min(this.#maxMs, this.#baseMs * this.#openings);
  }

  #close(): void {
    this.#phase = "closed";
    this.#failures = 0;
    this.#openings = 0;
    this.#retryAtMs = null;
  }
}
