import type { Server } from "node:net";
import { listenOn } from "./listen-on.js";
import type { RoutingSnapshot } from "./snapshot.js";
import type { AdapterStatsSnapshot, Signal } from "./stats/index.js";
import type { TrafficContext } from "./traffic-context.js";

/**
 * What the request-level adapters (HTTP, gRPC) share: their listener, the snapshot in force,
 * and the read side of their counters and signals.
 */
export abstract class TrafficAdapter<
  C extends TrafficContext,
  L extends { readonly snapshot: RoutingSnapshot },
  S extends Server = Server,
> {
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
}
