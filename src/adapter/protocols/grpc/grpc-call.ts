import {
  constants,
  type ClientHttp2Stream,
  type IncomingHttpHeaders,
  type IncomingHttpStatusHeader,
  type OutgoingHttpHeaders,
  type ServerHttp2Stream,
} from "node:http2";
import type { RouteRequest } from "../../routing/index.js";
import { continueTrace, type ErrorKind } from "../../stats/index.js";
import type { Admission } from "../../upstream/index.js";
import type { Swept } from "../../sweeper.js";
import {
  errorTrailers,
  forwardRequestHeaders,
  relayResponseHeaders,
  relayTrailers,
  trailersOnly,
} from "./grpc-headers.js";
import type { GrpcLive } from "./grpc-live.js";
import { grpcErrorKind, recordCall, type GrpcContext } from "./grpc-record.js";
import { GRPC_STATUS, parseGrpcTimeout } from "./grpc-status.js";
import type { GrpcUpstream } from "./grpc-upstream.js";

const {
  NGHTTP2_CANCEL,
  NGHTTP2_FLAG_END_STREAM,
  NGHTTP2_INTERNAL_ERROR,
  NGHTTP2_NO_ERROR,
  NGHTTP2_REFUSED_STREAM,
} = constants;

/** Who made the call and where it goes, fixed when it starts. */
interface CallFacts {
  readonly method: string;
  readonly path: string;
  readonly traceId: string;
  readonly startedMs: number;
  readonly targetId: string;
  readonly servedBy: string;
  readonly admission: Admission;
  readonly timeoutMs: number;
}

/**
 * One client stream through the adapter: route, breaker admission, then a stream on the
 * target's shared session, relayed both ways with back-pressure, trailers included. The
 * adapter's own answers are gRPC statuses in trailers-only responses (UNAVAILABLE when nothing
 * can take the call). Every call ends in exactly one record.
 */
export function handleStream(
  ctx: GrpcContext,
  live: GrpcLive | null,
  client: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  flags: number,
): void {
  const startedMs = ctx.clock.monoMs();
  const method = text(headers[":method"]) ?? "POST";
  const path = text(headers[":path"]) ?? "/";
  const trace = continueTrace(
    text(headers["traceparent"]),
    text(headers["tracestate"]),
    ctx.random,
  );
  client.on("error", ignore); // a client reset surfaces as 'close'; an unheard 'error' would throw
  const refuse = (detail: string, errorKind: ErrorKind): void => {
    const code = GRPC_STATUS.UNAVAILABLE;
    const sent = safely(() =>
      client.respond(trailersOnly(code, detail, ctx.node), { endStream: true }),
    );
    client.resume(); // the request body has nowhere to go
    recordCall(ctx, {
      method,
      path,
      status: sent ? 200 : 0,
      grpcStatus: sent ? code : null,
      target: null,
      bytesIn: 0,
      bytesOut: 0,
      errorKind,
      traceId: trace.traceId,
      startedMs,
      detail,
    });
  };
  if (live === null || live.router === null)
    return refuse(
      `node '${ctx.node}' has no backend: start its mock or slot a service`,
      "no_backend",
    );
  const targetId = live.router.pick(routeView(headers), ctx.isAvailable);
  const up = targetId === null ? undefined : live.upstreams.get(targetId);
  if (up === undefined || targetId === null)
    return refuse(`no target of node '${ctx.node}' matches this call`, "no_backend");
  const admission = ctx.ejector.tryAcquire(targetId);
  if (admission === "reject")
    return refuse(
      `target '${targetId}' of node '${ctx.node}' is failing; its circuit breaker is open`,
      "breaker_open",
    );
  // The client's deadline, capped by the node's limit (Envoy's `max_grpc_timeout`).
  const timeoutMs = Math.min(
    parseGrpcTimeout(text(headers["grpc-timeout"])) ?? Number.POSITIVE_INFINITY,
    live.requestTimeoutMs,
  );
  const forward = forwardRequestHeaders(headers, {
    clientIp: client.session?.socket?.remoteAddress ?? "",
    traceparent: trace.traceparent,
    tracestate: trace.tracestate,
  });
  const call = new GrpcCall(ctx, client, up, {
    method,
    path,
    traceId: trace.traceId,
    startedMs,
    targetId,
    servedBy: live.servedBy.get(targetId) as string,
    admission,
    timeoutMs,
  });
  call.start(forward, (flags & NGHTTP2_FLAG_END_STREAM) !== 0);
}

/** The relay of one call between the client stream and a backend stream. */
class GrpcCall implements Swept {
  queuePrev: Swept | null = null;
  queueNext: Swept | null = null;
  queue: Swept["queue"] = null;
  readonly deadlineMs: number;
  #backend: ClientHttp2Stream | null = null;
  #backendError: Error | null = null;
  /** Response headers went to the client. */
  #responded = false;
  /** The call's status went to the client (trailers or trailers-only). */
  #statusSent = false;
  /** The adapter ended the call itself (failure or deadline): backend events are moot. */
  #ended = false;
  #done = false;
  /** Trailers to send when the client stream wants them. */
  #trailers: OutgoingHttpHeaders | null = null;
  #httpStatus = 0;
  #grpcStatus: number | null = null;
  #errorKind: ErrorKind | null = null;
  #detail = "";
  #bytesIn = 0;
  #bytesOut = 0;

  constructor(
    readonly ctx: GrpcContext,
    readonly client: ServerHttp2Stream,
    readonly up: GrpcUpstream,
    readonly facts: CallFacts,
  ) {
    this.deadlineMs = facts.startedMs + facts.timeoutMs;
  }

  /** Opens the backend stream and wires both directions. */
  start(headers: OutgoingHttpHeaders, requestEnded: boolean): void {
    const { ctx, client, up } = this;
    up.acquire();
    ctx.active += 1;
    ctx.sweeper.add(this);
    client.once("close", () => this.#finish());
    client.on("wantTrailers", () => this.#sendTrailers());
    let backend: ClientHttp2Stream;
    try {
      backend = up.session().request(headers, { endStream: requestEnded });
    } catch (error) {
      this.#fail(GRPC_STATUS.UNAVAILABLE, this.#unreachable(error), "connect");
      return;
    }
    this.#backend = backend;
    backend.on("error", (error: Error) => (this.#backendError ??= error));
    backend.on("response", (h, f) => this.#onResponse(h, f));
    backend.on("trailers", (trailers: IncomingHttpHeaders) => {
      this.#trailers = relayTrailers(trailers);
      this.#grpcStatus = statusOf(trailers);
    });
    backend.once("close", () => this.#onBackendClose(backend));
    if (!requestEnded) {
      client.pipe(backend);
      client.on("data", (chunk: Buffer) => (this.#bytesIn += chunk.length));
    }
  }

  /** Past its deadline: ended (see `expire`), and the sweeper lets go of it. */
  overdue(nowMs: number): boolean {
    if (nowMs < this.deadlineMs) return false;
    this.expire();
    return true;
  }

  /** The deadline passed: DEADLINE_EXCEEDED to the client, the backend stream cancelled. */
  expire(): void {
    if (this.#done) return;
    if (this.#statusSent) {
      this.client.close(NGHTTP2_CANCEL); // answered, but the client never closed its side
      return;
    }
    this.#fail(
      GRPC_STATUS.DEADLINE_EXCEEDED,
      `the call ran past its ${this.facts.timeoutMs} ms deadline at node '${this.ctx.node}'`,
      "timeout",
    );
  }

  #onResponse(headers: IncomingHttpHeaders & IncomingHttpStatusHeader, flags: number): void {
    const { client } = this;
    if (this.#ended || client.destroyed) return;
    const out = relayResponseHeaders(headers, this.facts.servedBy);
    this.#httpStatus = Number(headers[":status"]);
    this.#responded = true;
    if ((flags & NGHTTP2_FLAG_END_STREAM) !== 0) {
      // Trailers-only: the status rides in the headers, as the backend sent it.
      this.#grpcStatus = statusOf(headers);
      this.#statusSent = safely(() => client.respond(out, { endStream: true }));
      this.#discardRequest();
      return;
    }
    if (!safely(() => client.respond(out, { waitForTrailers: true }))) return;
    const backend = this.#backend as ClientHttp2Stream;
    // The client stream ends only once the backend's status is known: a backend cut mid-call
    // may still emit 'end' (Node reads a reset stream to its end), and must become a reset.
    backend.pipe(client, { end: false });
    backend.on("data", (chunk: Buffer) => (this.#bytesOut += chunk.length));
    backend.once("end", () => {
      if (this.#trailers !== null && !this.#ended && !client.writableEnded) client.end();
    });
  }

  #sendTrailers(): void {
    const trailers =
      this.#trailers ??
      errorTrailers(GRPC_STATUS.UNKNOWN, "the backend ended the call without a grpc-status");
    if (this.#trailers === null) this.#grpcStatus = GRPC_STATUS.UNKNOWN;
    this.#statusSent = safely(() => this.client.sendTrailers(trailers));
    this.#discardRequest();
  }

  #onBackendClose(backend: ClientHttp2Stream): void {
    if (this.#done || this.#ended) return;
    const rst = backend.rstCode;
    const error = this.#backendError;
    if (!this.#responded) {
      const peerReset =
        rst !== undefined &&
        rst !== NGHTTP2_NO_ERROR &&
        rst !== NGHTTP2_REFUSED_STREAM &&
        (error === null || codeOf(error) === "ERR_HTTP2_STREAM_ERROR");
      if (peerReset) this.#reset(rst, `the backend reset the stream (code ${rst})`);
      else this.#fail(GRPC_STATUS.UNAVAILABLE, this.#unreachable(error), "connect");
      return;
    }
    const clean = error === null && (rst === undefined || rst === NGHTTP2_NO_ERROR);
    // Status in hand and the body read to its end: a reset after that changes nothing.
    if (this.#trailers !== null && (clean || backend.readableEnded)) {
      if (!this.client.writableEnded) this.client.end(); // then 'wantTrailers' sends them
      return;
    }
    // Cut, or ended with no status: a gRPC response without trailers was cut short.
    this.#reset(
      rst !== undefined && rst !== NGHTTP2_NO_ERROR ? rst : NGHTTP2_INTERNAL_ERROR,
      clean
        ? "the backend ended the call without trailers"
        : `the backend stream broke mid-call: ${codeOf(error) || `code ${String(rst)}`}`,
    );
  }

  /** Ends the call with a gRPC status of the adapter's own, cancelling the backend stream. */
  #fail(code: number, detail: string, errorKind: ErrorKind): void {
    const { client } = this;
    this.#ended = true;
    this.#errorKind = errorKind;
    this.#detail = detail;
    const backend = this.#backend;
    if (backend !== null) {
      backend.unpipe(client);
      if (!backend.destroyed) backend.close(NGHTTP2_CANCEL);
    }
    this.#discardRequest();
    if (client.destroyed) return;
    this.#grpcStatus = code;
    if (!this.#responded) {
      this.#responded = true;
      this.#statusSent = safely(() =>
        client.respond(trailersOnly(code, detail, this.ctx.node), { endStream: true }),
      );
      if (this.#statusSent) this.#httpStatus = 200;
      return;
    }
    this.#trailers = errorTrailers(code, detail);
    if (!client.writableEnded) client.end(); // then 'wantTrailers' sends them
  }

  /** Cuts the client stream with `code` (RST_STREAM), as the backend's was cut. */
  #reset(code: number, detail: string): void {
    this.#ended = true;
    this.#errorKind = "reset";
    this.#detail = detail;
    this.#discardRequest();
    if (!this.client.destroyed) this.client.close(code);
  }

  /** The client's side is over (answered, reset or cancelled): settle the books once. */
  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    const { ctx, up, facts } = this;
    ctx.sweeper.remove(this);
    up.release();
    ctx.active -= 1;
    const backend = this.#backend;
    // A client that cancels cancels the backend stream.
    if (backend !== null && !backend.destroyed) backend.close(NGHTTP2_CANCEL);
    const grpcStatus = this.#statusSent || this.#ended ? this.#grpcStatus : null;
    const errorKind = this.#errorKind ?? (this.#statusSent ? grpcErrorKind(grpcStatus) : null);
    if (errorKind === "connect" || errorKind === "reset" || errorKind === "timeout")
      ctx.ejector.onFailure(facts.targetId, facts.admission);
    else if (this.#statusSent) ctx.ejector.onSuccess(facts.targetId, facts.admission);
    else ctx.ejector.release(facts.targetId, facts.admission);
    recordCall(ctx, {
      method: facts.method,
      path: facts.path,
      status: this.#httpStatus,
      grpcStatus,
      target: facts.targetId,
      bytesIn: this.#bytesIn,
      bytesOut: this.#bytesOut,
      errorKind,
      traceId: facts.traceId,
      startedMs: facts.startedMs,
      detail: this.#detail || (errorKind === null ? "" : `grpc-status ${String(grpcStatus)}`),
    });
  }

  /** Stops relaying the request body and drops the rest, so the client stream can close. */
  #discardRequest(): void {
    this.client.unpipe();
    this.client.resume();
  }

  #unreachable(error: unknown): string {
    // A stream cancelled by its session's failure carries that failure as its cause.
    const cause = (error as { cause?: unknown } | null)?.cause;
    const why =
      codeOf(cause) ||
      codeOf(error) ||
      (error instanceof Error ? error.message : "the stream closed");
    return `target '${this.facts.targetId}' of node '${this.ctx.node}' is unreachable: ${why}`;
  }
}

/** Runs a write to the client stream; false when the stream was already gone. */
function safely(write: () => void): boolean {
  try {
    write();
    return true;
  } catch {
    return false; // the client reset the stream meanwhile; its 'close' settles the call
  }
}

/** The `grpc-status` of a header block, or null. */
function statusOf(headers: IncomingHttpHeaders): number | null {
  const value = text(headers["grpc-status"]);
  if (value === undefined || !/^\d{1,3}$/.test(value)) return null;
  return Number(value);
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

function text(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/** The call as routing reads it: `:method`, `:path` and the metadata. */
function routeView(headers: IncomingHttpHeaders): RouteRequest {
  return {
    method: text(headers[":method"]) ?? "POST",
    path: text(headers[":path"]) ?? "/",
    header: (name: string) => text(headers[name]),
  };
}

function ignore(): void {}
