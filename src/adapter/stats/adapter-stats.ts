import type { Clock } from "../../common/index.js";
import { MAX_ERROR_MESSAGE_CHARS, MAX_TRACKED_TARGETS } from "./defaults.js";
import { cutText } from "./cut-text.js";
import { LatencyHistogram } from "./latency-histogram.js";

/** Every kind of request error an adapter counts: a closed set, so counters stay fixed. */
export const ERROR_KINDS = [
  "connect",
  "timeout",
  "reset",
  "protocol",
  "limit",
  "breaker_open",
  "no_backend",
  "framing",
  "fault",
] as const;

/** A kind of request error. */
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Response status classes, in counter order. */
export const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;

/** A response status class. */
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** The most recent error. */
export interface LastError {
  readonly kind: ErrorKind;
  /** Cut to `MAX_ERROR_MESSAGE_CHARS`. */
  readonly message: string;
  /** Wall-clock epoch ms. */
  readonly atMs: number;
}

/** Plain-JSON view of one set of counters. */
export interface TrafficSnapshot {
  readonly requests: number;
  readonly responses: Record<StatusClass, number>;
  readonly errors: Record<ErrorKind, number>;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly activeConnections: number;
  readonly latency: {
    readonly count: number;
    readonly meanMs: number;
    readonly maxMs: number;
    readonly p50Ms: number;
    readonly p90Ms: number;
    readonly p95Ms: number;
    readonly p99Ms: number;
  };
  readonly lastError: LastError | null;
}

/** Plain-JSON view of an adapter's stats: its totals, then one entry per tracked target. */
export interface AdapterStatsSnapshot extends TrafficSnapshot {
  /** Targets in the order they were first seen. */
  readonly targets: readonly (TrafficSnapshot & { readonly target: string })[];
  /** Traffic of targets past the tracking cap, lumped together; `null` when none. */
  readonly otherTargets: TrafficSnapshot | null;
}

const ERROR_INDEX = new Map<ErrorKind, number>(ERROR_KINDS.map((kind, i) => [kind, i]));

/** One set of counters (an adapter's, or one target's), updated in place. */
export class TrafficStats {
  readonly #clock: Clock;
  readonly #responses = new Float64Array(STATUS_CLASSES.length);
  readonly #errors = new Float64Array(ERROR_KINDS.length);
  /** Latencies of answered requests. */
  readonly latency = new LatencyHistogram();
  #requests = 0;
  #bytesIn = 0;
  #bytesOut = 0;
  #active = 0;
  #lastError: LastError | null = null;

  /** Counters stamping errors with `clock`'s wall time. */
  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Connections or streams open now. */
  get activeConnections(): number {
    return this.#active;
  }

  /** Counts one request received. */
  recordRequest(): void {
    this.#requests += 1;
  }

  /** Counts one response with `status` (100–599) answered after `latencyMs`. */
  recordResponse(status: number, latencyMs: number): void {
    if (!Number.isInteger(status) || status < 100 || status > 599)
      throw new TypeError(`status must be an integer within 100..599, got ${status}`);
    this.latency.record(latencyMs);
    this.#responses[Math.floor(status / 100) - 1]! += 1;
  }

  /** Counts one error of `kind` and remembers it as the last error. */
  recordError(kind: ErrorKind, message: string): void {
    const index = ERROR_INDEX.get(kind);
    if (index === undefined) throw new TypeError(`unknown error kind '${String(kind)}'`);
    this.#errors[index]! += 1;
    const cut = cutText(message, MAX_ERROR_MESSAGE_CHARS);
    this.#lastError = { kind, message: cut, atMs: this.#clock.nowMs() };
  }

  /** Counts bytes received from clients (`in`) and sent to them (`out`). */
  recordBytes(bytesIn: number, bytesOut: number): void {
    if (!(bytesIn >= 0 && bytesOut >= 0))
      throw new TypeError(`byte counts must be ≥ 0, got ${bytesIn} and ${bytesOut}`);
    this.#bytesIn += bytesIn;
    this.#bytesOut += bytesOut;
  }

  /** A connection opened. */
  connectionOpened(): void {
    this.#active += 1;
  }

  /** A connection closed; closing more than were opened is a programmer error. */
  connectionClosed(): void {
    if (this.#active === 0)
      throw new TypeError("connectionClosed without a matching connectionOpened");
    this.#active -= 1;
  }

  /** A plain-JSON copy of the counters now. */
  snapshot(): TrafficSnapshot {
    const h = this.latency;
    return {
      requests: this.#requests,
      responses: fromEntries(STATUS_CLASSES, this.#responses),
      errors: fromEntries(ERROR_KINDS, this.#errors),
      bytesIn: this.#bytesIn,
      bytesOut: this.#bytesOut,
      activeConnections: this.#active,
      latency: {
        count: h.count,
        meanMs: h.meanMs,
        maxMs: h.maxMs,
        p50Ms: h.percentile(50),
        p90Ms: h.percentile(90),
        p95Ms: h.percentile(95),
        p99Ms: h.percentile(99),
      },
      lastError: this.#lastError,
    };
  }
}

/** Stats for one adapter: its totals plus per-target counters, at most `maxTargets` of them. */
export class AdapterStats {
  readonly #clock: Clock;
  readonly #maxTargets: number;
  readonly #targets = new Map<string, TrafficStats>();
  #other: TrafficStats | null = null;
  /** The adapter's totals. */
  readonly total: TrafficStats;

  /** Empty stats; `maxTargets` (default 256) bounds per-target memory. */
  constructor(clock: Clock, maxTargets = MAX_TRACKED_TARGETS) {
    if (!Number.isSafeInteger(maxTargets) || maxTargets < 0)
      throw new TypeError(`maxTargets must be a non-negative integer, got ${maxTargets}`);
    this.#clock = clock;
    this.#maxTargets = maxTargets;
    this.total = new TrafficStats(clock);
  }

  /**
   * The counters of `targetId`, created on first use; once `maxTargets` ids are tracked, every
   * new id shares one "other" bucket. Callers may keep the result for the life of a snapshot.
   */
  target(targetId: string): TrafficStats {
    const known = this.#targets.get(targetId);
    if (known !== undefined) return known;
    if (this.#targets.size < this.#maxTargets) {
      const stats = new TrafficStats(this.#clock);
      this.#targets.set(targetId, stats);
      return stats;
    }
    this.#other ??= new TrafficStats(this.#clock);
    return this.#other;
  }

  /** A plain-JSON copy of every counter now. */
  snapshot(): AdapterStatsSnapshot {
    return {
      ...this.total.snapshot(),
      targets: [...this.#targets].map(([target, stats]) => ({ target, ...stats.snapshot() })),
      otherTargets: this.#other?.snapshot() ?? null,
    };
  }
}

function fromEntries<K extends string>(
  keys: readonly K[],
  values: Float64Array,
): Record<K, number> {
  const out = {} as Record<K, number>;
  keys.forEach((key, i) => (out[key] = values[i] ?? 0));
  return out;
}
