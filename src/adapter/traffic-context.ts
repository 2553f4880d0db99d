import { systemClock, systemRandom, type Clock, type Random } from "../common/index.js";
import { AdapterStats, SignalBuffer, type ErrorKind, type TrafficStats } from "./stats/index.js";
import { Sweeper } from "./sweeper.js";
import { OutlierEjector } from "./upstream/index.js";

/** What every adapter's request path works with: its collaborators and counters. */
export interface TrafficContext {
  readonly node: string;
  readonly clock: Clock;
  readonly random: Random;
  readonly stats: AdapterStats;
  readonly signals: SignalBuffer;
  readonly ejector: OutlierEjector;
  readonly isAvailable: (target: string) => boolean;
  /** The watcher of deadlines, stalled bodies and lost clients. */
  readonly sweeper: Sweeper;
  /** Requests (calls) in flight, kept by the request path. */
  active: number;
}

/** A fresh context for node `node`: empty counters, no target ejected, nothing in flight. */
export function newTrafficContext(options: {
  readonly node: string;
  readonly clock?: Clock;
  readonly random?: Random;
}): TrafficContext {
  const clock = options.clock ?? systemClock;
  const ejector = new OutlierEjector(clock, []);
  return {
    node: options.node,
    clock,
    random: options.random ?? systemRandom,
    stats: new AdapterStats(clock),
    signals: new SignalBuffer(),
    ejector,
    isAvailable: (target) => ejector.isAvailable(target),
    sweeper: new Sweeper(clock),
    active: 0,
  };
}

/** One finished request (call) as the counters see it. */
export interface FinishedTraffic {
  readonly method: string;
  readonly path: string;
  /** HTTP status sent; 0 when none was. */
  readonly status: number;
  readonly startedMs: number;
  readonly target: string | null;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly errorKind: ErrorKind | null;
  readonly detail: string;
  readonly traceId: string;
}

function countIn(t: TrafficStats, f: FinishedTraffic, latencyMs: number): void {
  t.recordRequest();
  if (f.status >= 100 && f.status <= 599) t.recordResponse(f.status, latencyMs);
  if (f.errorKind !== null) t.recordError(f.errorKind, f.detail);
  t.recordBytes(f.bytesIn, f.bytesOut);
}

/**
 * Counts a finished request in the adapter's and its target's stats and records its signal;
 * returns its latency, ms.
 */
export function countTraffic(ctx: TrafficContext, f: FinishedTraffic): number {
  const latencyMs = ctx.clock.monoMs() - f.startedMs;
  countIn(ctx.stats.total, f, latencyMs);
  if (f.target !== null) countIn(ctx.stats.target(f.target), f, latencyMs);
  if (f.status !== 0)
    ctx.signals.record({
      method: f.method,
      path: f.path,
      status: f.status,
      latencyMs,
      target: f.target,
      traceId: f.traceId,
      atMs: ctx.clock.nowMs(),
    });
  return latencyMs;
}
