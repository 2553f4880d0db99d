import {
  createServer,
  type Http2Server,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from "node:http2";
import type { Clock, Random } from "../../../common/index.js";
import { TrafficAdapter } from "../../traffic-adapter.js";
import { newTrafficContext } from "../../traffic-context.js";
import { checkSnapshot, type ApplyResult, type RoutingSnapshot } from "../../snapshot.js";
import { handleStream } from "./grpc-call.js";
import { GRPC_DRAIN_TIMEOUT_MS } from "./grpc-defaults.js";
import { compileGrpcLive, grpcSnapshotProblems, type GrpcLive } from "./grpc-live.js";
import type { GrpcContext, GrpcRequestRecord } from "./grpc-record.js";
import type { GrpcUpstream } from "./grpc-upstream.js";

/** Receives what the adapter did (metrics and signals hang off this; never blocks). */
export interface GrpcAdapterObserver {
  onRequest?(record: GrpcRequestRecord): void;
}

/** Collaborators and settings of a gRPC adapter. */
export interface GrpcAdapterOptions {
  /** The node's name: in `x-baton-served-by` and the adapter's `grpc-message`s. */
  readonly node: string;
  readonly host?: string;
  /** 0 lets the OS choose (tests). */
  readonly port: number;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly observer?: GrpcAdapterObserver;
}

/**
 * The gRPC adapter of one node: a transparent cleartext HTTP/2 (h2c) proxy. Each call goes to
 * the target the snapshot's route picks (on `:path` or metadata), as a stream on that target's
 * one shared session, with trailers, deadlines (`grpc-timeout`), cancellation and per-target
 * breakers; the adapter's own failures are gRPC statuses. `apply` swaps the snapshot
 * atomically: new calls take the new targets at once, and replaced targets drain.
 */
export class GrpcAdapter extends TrafficAdapter<GrpcContext, GrpcUpstream, GrpcLive, Http2Server> {
  readonly #sessions = new Set<ServerHttp2Session>();
  #closing = false;

  constructor(options: GrpcAdapterOptions) {
    const observer = options.observer ?? {};
    const ctx: GrpcContext = {
      ...newTrafficContext(options),
      onRequest: observer.onRequest?.bind(observer),
    };
    super(ctx, createServer(), options.host ?? "127.0.0.1", options.port);
    const server = this.server;
    server.on("stream", (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, flags: number) =>
      handleStream(this.ctx, this.live, stream, headers, flags),
    );
    server.on("session", (session: ServerHttp2Session) => {
      const total = this.ctx.stats.total;
      this.#sessions.add(session);
      total.connectionOpened();
      session.on("error", (error: Error) => total.recordError("protocol", error.message));
      session.once("close", () => {
        this.#sessions.delete(session);
        total.connectionClosed();
      });
    });
  }

  /**
   * Validates `snapshot` and swaps it in (ACK), or refuses it and keeps the current one (NACK);
   * in-process handler targets are refused (400): gRPC goes to network targets only. Targets
   * the new snapshot no longer has (or has at another address) drain: their calls finish, then
   * their sessions close — or are destroyed at the drain deadline.
   */
  apply(snapshot: RoutingSnapshot, options: { unlock?: boolean } = {}): ApplyResult {
    const current = this.live?.snapshot ?? null;
    const refusal = checkSnapshot(snapshot, current, options.unlock === true);
    if (refusal !== null && refusal.status !== 400) return refusal;
    const problems = [...(refusal?.errors ?? []), ...grpcSnapshotProblems(snapshot)];
    if (problems.length > 0) return { ok: false, status: 400, errors: problems };
    const live = compileGrpcLive(snapshot, this.ctx.node, this.ctx.random, this.upstreams);
    this.ctx.ejector.setTargets(snapshot.targets.map((t) => (t.kind === "network" ? t : t.id)));
    const drained = this.swapIn(live, snapshot.drainTimeoutMs ?? GRPC_DRAIN_TIMEOUT_MS);
    return { ok: true, version: snapshot.version, drained };
  }

  /**
   * Stops accepting (GOAWAY to every client session), lets calls in flight finish for up to
   * `timeoutMs`, then cuts the rest and closes every backend session.
   */
  async close(timeoutMs = GRPC_DRAIN_TIMEOUT_MS): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const session of this.#sessions) session.close();
    const clock = this.ctx.clock;
    const deadline = clock.monoMs() + timeoutMs;
    while (this.ctx.active > 0 && clock.monoMs() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    for (const session of this.#sessions) session.destroy();
    this.ctx.sweeper.stop();
    await closed;
    await Promise.all([...this.upstreams.values()].map((u) => u.close(true)));
    this.upstreams.clear();
  }
}
