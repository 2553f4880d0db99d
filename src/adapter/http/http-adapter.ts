import type { Server, Socket } from "node:net";
import type { Clock, Random } from "../../common/index.js";
import { TrafficAdapter } from "../traffic-adapter.js";
import { newTrafficContext } from "../traffic-context.js";
import { checkSnapshot, type ApplyResult, type RoutingSnapshot } from "../snapshot.js";
import type { H1Request } from "./h1/h1-connection.js";
import { H1Server } from "./h1/h1-server.js";
import type { RequestParseError } from "./h1/request-parser.js";
import {
  CLIENT_KEEP_ALIVE_MS,
  DRAIN_TIMEOUT_MS,
  HEAD_TIMEOUT_MS,
  MAX_HEADER_BYTES,
} from "./http-defaults.js";
import {
  handleRequest,
  routeView,
  type HttpRequestRecord,
  type RequestContext,
} from "./http-request.js";
import { compileLive, type LiveRouting } from "./live-routing.js";
import type { ProblemKind } from "./problem.js";
import { rawClientError } from "./raw-response.js";
import { pipeUpgrade } from "./upgrade.js";
import type { Upstream } from "./upstream.js";

/** Receives what the adapter did (metrics and signals hang off this; never blocks). */
export interface HttpAdapterObserver {
  onRequest?(record: HttpRequestRecord): void;
  /** A request refused before the pipeline (`headers_too_large`, `slow_request`, `malformed`). */
  onClientError?(kind: string): void;
}

/** Collaborators and settings of an HTTP adapter. */
export interface HttpAdapterOptions {
  /** The node's name: in `x-baton-served-by` and problem documents. */
  readonly node: string;
  readonly host?: string;
  /** 0 lets the OS choose (tests). */
  readonly port: number;
  readonly clock?: Clock;
  readonly random?: Random;
  /** Request header block limit, bytes (431 beyond); default 16 KiB. */
  readonly maxHeaderBytes?: number;
  readonly observer?: HttpAdapterObserver;
  /** A SOAP node: signals name the SOAP action, and SOAP Faults count as errors. */
  readonly soap?: boolean;
}

/**
 * The HTTP/1.1 adapter of one node: a streaming reverse proxy. Requests go to the target the
 * snapshot's route picks — a pooled keep-alive backend, or an in-process handler (a mock) —
 * with hop-by-hop headers rewritten, limits enforced with the right status (413, 431, 504),
 * idempotent retries with full-jitter backoff, per-target breakers, trace context, and Upgrade
 * pass-through. `apply` swaps the snapshot atomically: new requests take the new targets at
 * once, and replaced targets drain.
 */
export class HttpAdapter extends TrafficAdapter<RequestContext, Upstream, LiveRouting, Server> {
  readonly #observer: HttpAdapterObserver;
  readonly #front: H1Server;
  #closing = false;

  constructor(options: HttpAdapterOptions) {
    const observer = options.observer ?? {};
    const ctx: RequestContext = {
      ...newTrafficContext(options),
      soap: options.soap === true,
      onRequest: observer.onRequest?.bind(observer),
    };
    const front = new H1Server({
      clock: ctx.clock,
      maxHeadBytes: options.maxHeaderBytes ?? MAX_HEADER_BYTES,
      keepAliveMs: CLIENT_KEEP_ALIVE_MS,
      headTimeoutMs: HEAD_TIMEOUT_MS,
    });
    super(ctx, front.server, options.host ?? "127.0.0.1", options.port);
    const total = ctx.stats.total;
    front.serve({
      request: (req, res) => handleRequest(ctx, this.live, req, res, req.head.expectContinue),
      upgrade: (req, socket, rest) => this.#upgrade(req, socket, rest),
      clientError: (error, socket) => this.#clientError(error, socket),
      connectionOpened: () => total.connectionOpened(),
      connectionClosed: () => total.connectionClosed(),
    });
    this.#front = front;
    this.#observer = observer;
  }

  /**
   * Validates `snapshot` and swaps it in (ACK), or refuses it and keeps the current one (NACK).
   * Targets the new snapshot no longer has (or has at another address) drain: their in-flight
   * requests finish, then their connections close — or are cut at the drain deadline.
   */
  apply(snapshot: RoutingSnapshot, options: { unlock?: boolean } = {}): ApplyResult {
    const current = this.live?.snapshot ?? null;
    const refusal = checkSnapshot(snapshot, current, options.unlock === true);
    if (refusal !== null) return refusal;
    const live = compileLive(snapshot, this.ctx.node, this.ctx.random, this.upstreams);
    this.ctx.ejector.setTargets(snapshot.targets.filter((t) => t.kind === "network"));
    const drained = this.swapIn(live, snapshot.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
    return { ok: true, version: snapshot.version, drained };
  }

  /**
   * Stops accepting, lets requests in flight finish for up to `timeoutMs`, then cuts the rest
   * and closes every backend pool.
   */
  async close(timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.#front.closeIdle();
    const clock = this.ctx.clock;
    const deadline = clock.monoMs() + timeoutMs;
    while (this.ctx.active > 0 && clock.monoMs() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    this.#front.closeAll();
    this.ctx.sweeper.stop();
    await closed;
    await Promise.all([...this.upstreams.values()].map((u) => u.close(true)));
    this.upstreams.clear();
  }

  #upgrade(req: H1Request, socket: Socket, head: Buffer): void {
    const live = this.live;
    const targetId = live?.router?.pick(routeView(req), this.ctx.isAvailable);
    const up = targetId == null ? undefined : live?.upstreams.get(targetId);
    if (up === undefined || up.spec.kind !== "network") {
      socket.end(
        rawClientError(503, "no-backend", this.ctx.node, "no backend takes an Upgrade here"),
      );
      return;
    }
    up.acquire();
    this.ctx.active += 1;
    pipeUpgrade(req, socket, head, up.spec, () => {
      up.release();
      this.ctx.active -= 1;
    });
  }

  /** A request refused before the pipeline: counted, answered with a problem, closed. */
  #clientError(error: RequestParseError, socket: Socket): void {
    const { status } = error;
    const kind: ProblemKind =
      status === 431
        ? "headers-too-large"
        : status === 408
          ? "request-timeout"
          : status === 405
            ? "method-not-allowed"
            : "bad-request";
    this.#observer.onClientError?.(
      status === 431 ? "headers_too_large" : status === 408 ? "slow_request" : "malformed",
    );
    this.ctx.stats.total.recordError(
      status === 431 ? "limit" : status === 408 ? "timeout" : "protocol",
      error.message,
    );
    if (socket.writable) socket.end(rawClientError(status, kind, this.ctx.node, error.message));
    else socket.destroy();
  }
}
