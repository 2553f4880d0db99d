import type { Clock } from "../../common/index.js";

/** Counters of one node at one time. */
interface Sample {
  readonly atMs: number;
  readonly counts: ReadonlyMap<string, { readonly requests: number; readonly errors: number }>;
}

/** Per-second rates of a node over the recent window. */
export interface Rates {
  readonly requestsPerSecond: number;
  readonly errorsPerSecond: number;
}

/**
 * Request and error rates from counters sampled over a sliding window (default 10 s, one
 * sample a second): a rate is the change since the oldest sample in the window, so it follows
 * the traffic of the last seconds, not the average since start.
 */
export class TrafficRates {
  readonly #samples: Sample[] = [];

  constructor(
    readonly clock: Clock,
    readonly windowMs = 10_000,
  ) {}

  /** Records the counters now (call about once a second). */
  sample(counts: ReadonlyMap<string, { requests: number; errors: number }>): void {
    const now = this.clock.monoMs();
    this.#samples.push({ atMs: now, counts: new Map(counts) });
    // Keep one sample at or beyond the window's start: rates then cover the whole window.
    while (this.#samples.length > 1 && (this.#samples[1] as Sample).atMs <= now - this.windowMs)
      this.#samples.shift();
  }

  /** The rates of `node` up to `now` with counters `current`; zero until a second has passed. */
  rates(node: string, current: { requests: number; errors: number }): Rates {
    const oldest = this.#samples[0];
    const then = oldest?.counts.get(node);
    const seconds = oldest === undefined ? 0 : (this.clock.monoMs() - oldest.atMs) / 1000;
    if (then === undefined || seconds < 1) return { requestsPerSecond: 0, errorsPerSecond: 0 };
    return {
      requestsPerSecond: Math.max(0, current.requests - then.requests) / seconds,
      errorsPerSecond: Math.max(0, current.errors - then.errors) / seconds,
    };
  }
}
