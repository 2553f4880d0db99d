import type { Readable } from "node:stream";
import type { RouteRequest } from "../routing/index.js";
import { continueTrace, type ErrorKind } from "../stats/index.js";
import { countTraffic, type FinishedTraffic, type TrafficContext } from "../traffic-context.js";
import { decideRetry, type Admission, type AttemptFailure } from "../upstream/index.js";
import { BodyLimit, BodyTooLargeError } from "./body-limit.js";
import type { H1Request } from "./h1/h1-connection.js";
import type { H1Response } from "./h1/h1-response.js";
import { RequestParseError } from "./h1/request-parser.js";
import { errorCode, relay, type AttemptEnd } from "./forward.js";
import { FaultScanner, soapAction } from "../protocols/soap/index.js";
import { forwardRequestHeaders, traceHeaders } from "./hop-headers.js";
import type { LiveRouting } from "./live-routing.js";
import { sendProblem, type ProblemKind } from "./problem.js";
import type { Upstream } from "./upstream.js";

/** One finished request, as observers (metrics, signals) see it. */
export interface HttpRequestRecord {
  readonly method: string;
  readonly path: string;
  /** Status sent to the client; 0 when the connection was cut before one. */
  readonly status: number;
  readonly latencyMs: number;
  /** The target that served it, or null when the adapter answered itself. */
  readonly target: string | null;
  readonly bytesOut: number;
  /** Why the adapter answered or cut the request, or null. */
  readonly errorKind: ErrorKind | null;
  readonly traceId: string;
}

/** What the request pipeline works with: the adapter's collaborators and counters. */
export interface RequestContext extends TrafficContext {
  /** A SOAP node: signals name the SOAP action, and Faults in responses count as errors. */
  readonly soap: boolean;
  readonly onRequest: ((record: HttpRequestRecord) => void) | undefined;
}

/**
 * One HTTP request through the adapter: limits (431, 413), route, breaker admission, then the
 * in-process handler or the backend pool with idempotent retries and the request's deadline
 * (504). Every request ends in exactly one record (stats, signal, observer).
 */
export function handleRequest(
  ctx: RequestContext,
  live: LiveRouting | null,
  req: H1Request,
  res: H1Response,
  expectContinue: boolean,
): void {
  const started = ctx.clock.monoMs();
  const method = req.method;
  const action = ctx.soap ? soapAction(req.rawHeaders) : null;
  const path = req.url;
  // What signals and stats call the request: the SOAP action on a SOAP node, else the path.
  const name = action ?? path;
  const { traceparent, tracestate } = traceHeaders(req.rawHeaders);
  const trace = continueTrace(traceparent, tracestate, ctx.random);
  const answer = (
    status: number,
    kind: ProblemKind,
    detail: string,
    errorKind: ErrorKind,
    close = false,
  ): void => {
    sendProblem(res, status, kind, ctx.node, detail, close);
    record(ctx, {
      method,
      path: name,
      status,
      startedMs: started,
      target: null,
      bytesIn: 0,
      bytesOut: 0,
      errorKind,
      traceId: trace.traceId,
      detail,
    });
  };
  if (live === null || live.router === null)
    return answer(
      503,
      "no-backend",
      `node '${ctx.node}' has no backend: start its mock or slot a service`,
      "no_backend",
    );
  if (req.rawHeaders.length > 2 * live.maxHeaderCount)
    return answer(
      431,
      "headers-too-large",
      `more than ${live.maxHeaderCount} request headers`,
      "limit",
      true,
    );
  const length = req.head.contentLength;
  if (length > live.maxBodyBytes)
    return answer(
      413,
      "payload-too-large",
      `the body is ${length} bytes; this node accepts at most ${live.maxBodyBytes}`,
      "limit",
      true,
    );
  const targetId = live.router.pick(routeView(req), ctx.isAvailable);
  const up = targetId === null ? undefined : live.upstreams.get(targetId);
  if (up === undefined || targetId === null)
    return answer(
      503,
      "no-backend",
      `no target of node '${ctx.node}' matches this request`,
      "no_backend",
    );
  const admission: Admission = up.handler === null ? ctx.ejector.tryAcquire(targetId) : "admit";
  if (admission === "reject")
    return answer(
      503,
      "breaker-open",
      `target '${targetId}' is failing; its circuit breaker is open`,
      "breaker_open",
    );

  up.acquire();
  ctx.active += 1;
  let done = false;
  const finish = (
    status: number,
    bytesOut: number,
    errorKind: ErrorKind | null,
    detail = "",
  ): void => {
    if (done) return;
    done = true;
    up.release();
    ctx.active -= 1;
    if (up.handler === null) {
      if (
        errorKind === "connect" ||
        errorKind === "timeout" ||
        errorKind === "reset" ||
        status >= 500
      )
        ctx.ejector.onFailure(targetId, admission);
      else if (status !== 0) ctx.ejector.onSuccess(targetId, admission);
      else ctx.ejector.release(targetId, admission);
    }
    record(ctx, {
      method,
      path: name,
      status,
      startedMs: started,
      target: targetId,
      bytesIn: 0,
      bytesOut,
      errorKind,
      traceId: trace.traceId,
      detail,
    });
  };
  const servedBy = live.servedBy.get(targetId) as string;
  if (up.handler !== null)
    return serveInProcess(ctx, up, req, res, servedBy, expectContinue, finish);

  // RFC 9112 §6.3: a request has a body only when Content-Length or Transfer-Encoding says so.
  let body: Readable | null = req.body;
  if (body !== null && req.head.chunked) {
    const limited = new BodyLimit(live.maxBodyBytes);
    body.once("error", (error: Error) => limited.destroy(error));
    body = body.pipe(limited);
  }
  const headers = forwardRequestHeaders(req.rawHeaders, {
    clientIp: req.remoteAddress,
    proto: "http",
    traceparent: trace.traceparent,
    tracestate: trace.tracestate,
  });
  if (expectContinue) res.writeContinue();
  const deadline = started + live.requestTimeoutMs;
  const pool = up.pool;
  if (pool === null) return;
  // A body can be sent once: only bodiless requests are retried (Envoy buffers; we do not).
  const maxRetries = body === null ? live.maxRetries : 0;
  const retryOnStatus = (retriesDone: number) => (status: number) =>
    retriesDone < maxRetries && (status === 502 || status === 503 || status === 504);
  const attempt = (retriesDone: number): void => {
    const request = {
      method,
      path,
      headers,
      body,
      deadlineMs: deadline,
      idleLimitMs: live.bodyIdleTimeoutMs,
      scanFaults: ctx.soap,
    };
    relay(pool, request, res, servedBy, ctx.sweeper, retryOnStatus(retriesDone), (end) => {
      if (end.error === null) {
        const fault = end.fault;
        if (fault === null) return finish(end.status, end.bytesOut, null);
        return finish(end.status, end.bytesOut, "fault", `${fault.code}: ${fault.message}`);
      }
      const failure = classify(end);
      const decision = decideRetry(
        {
          method,
          retriesDone,
          failure,
          requestSent: !(end.notSent && body === null),
          responseStarted: end.status !== 0 || res.headersSent,
          remainingMs: deadline - ctx.clock.monoMs(),
        },
        ctx.random,
        { maxRetries },
      );
      if (decision.retry && !res.destroyed) {
        setTimeout(() => attempt(retriesDone + 1), decision.delayMs);
        return;
      }
      fail(ctx, res, end, failure, finish);
    });
  };
  attempt(0);
}

/** An in-process backend (a mock) answers the request itself. */
function serveInProcess(
  ctx: RequestContext,
  up: Upstream,
  req: H1Request,
  res: H1Response,
  servedBy: string,
  expectContinue: boolean,
  finish: (status: number, bytesOut: number, errorKind: ErrorKind | null, detail?: string) => void,
): void {
  res.setHeader("x-baton-served-by", servedBy);
  // A SOAP node's in-process backend (its mock) has its Faults counted like a live one's.
  const scanner = ctx.soap ? new FaultScanner() : null;
  if (scanner !== null)
    res.bodyTap = (chunk) => scanner.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  res.onClose(() => {
    const fault = scanner?.result() ?? null;
    const status = res.headersSent ? res.statusCode : 0;
    if (fault === null) finish(status, res.bytesWritten, null);
    else finish(status, res.bytesWritten, "fault", `${fault.code}: ${fault.message}`);
  });
  if (expectContinue) res.writeContinue();
  try {
    (up.handler as NonNullable<Upstream["handler"]>)(req, res);
  } catch (error) {
    sendProblem(
      res,
      500,
      "bad-gateway",
      ctx.node,
      `the in-process backend failed: ${String(error)}`,
    );
  }
}

/** Answers (or cuts) a request whose last attempt failed. */
function fail(
  ctx: RequestContext,
  res: H1Response,
  end: AttemptEnd,
  failure: AttemptFailure,
  finish: (status: number, bytesOut: number, errorKind: ErrorKind | null, detail?: string) => void,
): void {
  const code = errorCode(end.error);
  if (end.status !== 0 || res.headersSent || code === "BATON_CLIENT_GONE") {
    res.destroy();
    return finish(end.status, end.bytesOut, code === "BATON_CLIENT_GONE" ? null : "reset", code);
  }
  if (end.error instanceof RequestParseError) {
    sendProblem(res, end.error.status, "bad-request", ctx.node, end.error.message, true);
    return finish(end.error.status, 0, "protocol", end.error.message);
  }
  if (end.error instanceof BodyTooLargeError) {
    sendProblem(res, 413, "payload-too-large", ctx.node, end.error.message, true);
    return finish(413, 0, "limit", end.error.message);
  }
  if (end.retriedStatus !== 0) {
    const detail = `the backend answered ${end.retriedStatus} to every attempt`;
    sendProblem(res, end.retriedStatus, "bad-gateway", ctx.node, detail);
    return finish(end.retriedStatus, 0, null, detail);
  }
  if (failure.kind === "deadline_exceeded") {
    const detail = "the backend did not answer before the request deadline";
    sendProblem(res, 504, "gateway-timeout", ctx.node, detail);
    return finish(504, 0, "timeout", detail);
  }
  const kind =
    failure.kind === "connect_refused" || failure.kind === "connect_timeout" ? "connect" : "reset";
  const detail =
    `the backend failed: ${code === "" ? "" : `${code} `}${end.error?.message ?? ""}`.trim();
  sendProblem(res, 502, "bad-gateway", ctx.node, detail);
  finish(502, 0, kind, detail);
}

/** The failure of an attempt in the retry policy's terms. */
function classify(end: AttemptEnd): AttemptFailure {
  const code = errorCode(end.error);
  if (end.retriedStatus !== 0) return { kind: "status", status: end.retriedStatus };
  if (code === "BATON_DEADLINE") return { kind: "deadline_exceeded" };
  if (code === "BATON_CONNECT_TIMEOUT") return { kind: "connect_timeout" };
  if (end.notSent) return { kind: "connect_refused" };
  return { kind: "reset_before_response" };
}

/** Counts a finished request in the adapter's and the target's stats, its signal, its record. */
function record(ctx: RequestContext, f: FinishedTraffic): void {
  const latencyMs = countTraffic(ctx, f);
  ctx.onRequest?.({
    method: f.method,
    path: f.path,
    status: f.status,
    latencyMs,
    target: f.target,
    bytesOut: f.bytesOut,
    errorKind: f.errorKind,
    traceId: f.traceId,
  });
}

/** The request as routing reads it (requests and Upgrade handshakes alike). */
export function routeView(req: H1Request): RouteRequest {
  return { method: req.method, path: req.url, header: (name: string) => req.header(name) };
}
