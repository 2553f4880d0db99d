import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Clock, Random } from "../../common/index.js";
import { TrafficAdapter } from "../traffic-adapter.js";
import { newTrafficContext } from "../traffic-context.js";
import { checkSnapshot, type ApplyResult, type RoutingSnapshot } from "../snapshot.js";
import { errorCode } from "./forward.js";
import { CLIENT_KEEP_ALIVE_MS, DRAIN_TIMEOUT_MS, MAX_HEADER_BYTES } from "./http-defaults.js";
import {
  handleRequest,
  routeView,
  type HttpRequestRecord,
  type RequestContext,
} from "./http-request.js";
import { compileLive, type LiveRouting } from "./live-routing.js";
import { rawClientError } from "./raw-response.js";
import { pipeUpgrade } from "./upgrade.js";
import type { Upstream } from "./upstream.js";

/** Receives what the adapter did (metrics and signals hang off this; never blocks). */
export interface HttpAdapterObserver {
  onRequest?(record: HttpRequestRecord): void;
  /** A connection rejected before a request could be read (`headers_too_large`, `malformed`). */
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
  #closing = false;

  constructor(options: HttpAdapterOptions) {
    const observer = options.observer ?? {};
    const ctx: RequestContext = {
      ...newTrafficContext(options),
      soap: options.soap === true,
      onRequest: observer.onRequest?.bind(observer),
    };
    const server = createServer({
      maxHeaderSize: options.maxHeaderBytes ?? MAX_HEADER_BYTES,
      keepAliveTimeout: CLIENT_KEEP_ALIVE_MS,
      requestTimeout: 0, // uploads may stream for long; the per-request deadline is ours
    });
    super(ctx, server, options.host ?? "127.0.0.1", options.port);
    this.#observer = observer;
    server.maxHeadersCount = 0; // counted per request against the snapshot's limit (431)
    server.on("request", (req: IncomingMessage, res: ServerResponse) =>
      handleRequest(this.ctx, this.live, req, res, false),
    );
    server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) =>
      handleRequest(this.ctx, this.live, req, res, true),
    );
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.#upgrade(req, socket as Socket, head),
    );
    server.on("connect", (_req: IncomingMessage, socket: Duplex) => {
      socket.end(rawClientError(405, "method-not-allowed", options.node, "CONNECT is not proxied"));
    });
    server.on("clientError", (error: Error, socket: Duplex) => this.#clientError(error, socket));
    server.on("connection", (socket: Socket) => {
      const total = this.ctx.stats.total;
      total.connectionOpened();
      socket.once("close", () => total.connectionClosed());
    });
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
    this.ctx.ejector.setTargets(
      snapshot.targets.filter((t) => t.kind === "network").map((t) => t.id),
    );
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
    this.server.closeIdleConnections();
    const clock = this.ctx.clock;
    const deadline = clock.monoMs() + timeoutMs;
    while (this.ctx.active > 0 && clock.monoMs() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    this.server.closeAllConnections();
    this.ctx.sweeper.stop();
    await closed;
    await Promise.all([...this.upstreams.values()].map((u) => u.close(true)));
    this.upstreams.clear();
  }

  #upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
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

  #clientError(error: Error, socket: Duplex): void {
    const code = errorCode(error);
    if (code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = code === "HPE_HEADER_OVERFLOW";
    this.#observer.onClientError?.(tooLarge ? "headers_too_large" : "malformed");
    this.ctx.stats.total.recordError(tooLarge ? "limit" : "protocol", code || error.message);
    socket.end(
      tooLarge
        ? rawClientError(431, "headers-too-large", this.ctx.node, "the header block is too large")
        : rawClientError(400, "bad-gateway", this.ctx.node, "malformed request"),
    );
  }
}
