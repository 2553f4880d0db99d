import { RETRY_BACKOFF_FACTOR, RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS } from "./defaults.js";

/**
 * How randomness spreads a delay d (the capped exponential value), after AWS's "Exponential
 * Backoff and Jitter": `none` waits d; `full` waits in [0, d]; `equal` waits in [d/2, d].
 */
export type RetryJitter = "none" | "full" | "equal";

/** Backoff parameters; every field has the reference default (spec §5.1). */
export interface BackoffOptions {
  /** Delay at index 0, in ms (default 10 000). */
  readonly baseMs?: number;
  /** Growth per index, ≥ 1 so delays never shrink (default 2). */
  readonly factor?: number;
  /** Ceiling, in ms (default 3 600 000). */
  readonly capMs?: number;
  /** Default `none`: the reference has no jitter and its tests pin a non-decreasing sequence. */
  readonly jitter?: RetryJitter;
  /** Injected source in [0, 1); required when `jitter` is not `none`. */
  readonly random?: () => number;
}

/**
 * Delay before a retry, in ms: `min(base × factor^index, cap)`, then jitter.
 * `index` is the 0-based backoff index, `max(0, normalAttempts − 1)` at scheduling time (see
 * `backoffIndex`), so the first retry waits exactly the base (spec §5.1).
 */
export function retryDelayMs(index: number, options: BackoffOptions = {}): number {
  if (!Number.isInteger(index) || index < 0)
    throw new TypeError(`retry index must be a non-negative integer, got ${index}`);
  const baseMs = options.baseMs ?? RETRY_BASE_DELAY_MS;
  const factor = options.factor ?? RETRY_BACKOFF_FACTOR;
  const capMs = options.capMs ?? RETRY_MAX_DELAY_MS;
  requireFinite("baseMs", baseMs, 0);
  requireFinite("factor", factor, 1);
  requireFinite("capMs", capMs, 0);
  // factor^index overflows to Infinity for large indexes; the cap absorbs it (0 × ∞ is avoided).
  const delay = baseMs === 0 ? 0 : Math.min(baseMs * factor ** index, capMs);
  const jitter = options.jitter ?? "none";
  if (jitter === "none") return delay;
  const r = drawUnit(options.random);
  return jitter === "full" ? r * delay : delay / 2 + (r * delay) / 2;
}

/** The backoff index for a sheet that has spent `normalAttempts`: `max(0, normalAttempts − 1)`. */
export function backoffIndex(normalAttempts: number): number {
  if (!Number.isInteger(normalAttempts))
    throw new TypeError(`normalAttempts must be an integer, got ${normalAttempts}`);
  return Math.max(0, normalAttempts - 1);
}

function requireFinite(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min)
    throw new TypeError(`${name} must be a finite number ≥ ${min}, got ${value}`);
}

function drawUnit(random: (() => number) | undefined): number {
  if (random === undefined) throw new TypeError("jitter needs an injected random source");
  const r = random();
  if (!(r >= 0 && r < 1)) throw new TypeError(`random source must return a value in [0, 1)`);
  return r;
}
