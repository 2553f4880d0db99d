import type { Server } from "node:net";
import { idleOrTimeout, type InFlightCount } from "./in-flight-count.js";
import { listenOn } from "./listen-on.js";
import type { DrainReport, RoutingSnapshot } from "./snapshot.js";
import type { AdapterStatsSnapshot, Signal } from "./stats/index.js";
import type { TrafficContext } from "./traffic-context.js";

/** A target's live side: counted in-flight work, an identity, and a way to let it go. */
export interface DrainableUpstream extends InFlightCount {
  readonly key: string;
  readonly spec: { readonly id: string };
  close(force: boolean): Promise<void>;
}

/** A compiled snapshot: the snapshot and the upstream of each of its targets. */
export interface LiveSnapshot<U extends DrainableUpstream> {
  readonly snapshot: RoutingSnapshot;
  readonly upstreams: ReadonlyMap<string, U>;
}

/**
 * What the request-level adapters (HTTP, gRPC) share: their listener, the snapshot in force
 * and how a new one replaces it (replaced targets drain), and the read side of their counters
 * and signals.
 */
export abstract class TrafficAdapter<
  C extends TrafficContext,
  U extends DrainableUpstream,
  L extends LiveSnapshot<U>,
  S extends Server = Server,
> {
  /** Every upstream alive, draining ones included, by key. */
  protected readonly upstreams = new Map<string, U>();
  /** The compiled snapshot in force, swapped whole by `apply`. */
  protected live: L | null = null;

  protected constructor(
    protected readonly ctx: C,
    protected readonly server: S,
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Starts listening; resolves with the port (the OS's choice when `port` was 0). */
  listen(): Promise<number> {
    return listenOn(this.server, this.port, this.host);
  }

  /** Requests (calls) in flight right now. */
  get activeRequests(): number {
    return this.ctx.active;
  }

  /** The snapshot in force, or null. */
  get snapshot(): RoutingSnapshot | null {
    return this.live?.snapshot ?? null;
  }

  /** Counters, latency percentiles and last error, for the adapter and each target. */
  stats(): AdapterStatsSnapshot {
    return this.ctx.stats.snapshot();
  }

  /** The signals recorded since the last drain, oldest first (a bounded buffer). */
  drainSignals(): Signal[] {
    return this.ctx.signals.drain();
  }

  /**
   * Puts `live` in force at once; the upstreams it no longer uses drain: their in-flight work
   * finishes, then they close — or are cut at `timeoutMs`. Resolves with what each drain did.
   */
  protected swapIn(live: L, timeoutMs: number): Promise<DrainReport[]> {
    const previous = this.live;
    this.live = live;
    const kept = new Set(live.upstreams.values());
    const replaced =
      previous === null
        ? []
        : [...new Set(previous.upstreams.values())].filter((u) => !kept.has(u));
    return Promise.all(replaced.map((u) => this.#drain(u, timeoutMs)));
  }

  /** Waits for `up` to go idle (or the deadline), then closes it unless it is live again. */
  async #drain(up: U, timeoutMs: number): Promise<DrainReport> {
    const clock = this.ctx.clock;
    const started = clock.monoMs();
    const inFlight = up.inFlight;
    const timedOut = await idleOrTimeout(up.whenIdle(), timeoutMs);
    const cut = timedOut ? up.inFlight : 0;
    const live = this.live === null ? [] : [...this.live.upstreams.values()];
    if (!live.includes(up)) {
      this.upstreams.delete(up.key);
      await up.close(timedOut);
    }
    return { target: up.spec.id, inFlight, waitedMs: clock.monoMs() - started, cut };
  }
}
