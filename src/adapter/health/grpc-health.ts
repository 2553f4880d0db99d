import { connect, constants, type IncomingHttpHeaders } from "node:http2";
import { systemClock } from "../../common/index.js";
import {
  decodeHealthCheckResponse,
  encodeHealthCheckRequest,
  GRPC_HEALTH_CHECK_PATH,
  SERVING_STATUS,
} from "./grpc-health-codec.js";
import { GRPC_HEALTH_RESPONSE_BYTES, HEALTH_TIMEOUT_MS } from "./health-defaults.js";
import type { HealthCheckOptions, HealthResult, HealthTarget } from "./health-result.js";
import { errorText, settleWithin, type Verdict } from "./settle-within.js";
import { tcpConnectVerdict } from "./tcp-health.js";

/** Options of the gRPC check. */
export interface GrpcHealthOptions extends HealthCheckOptions {
  /** Service to ask about (default "": the server as a whole). */
  service?: string;
}

/** gRPC status code names (grpc/doc/statuscodes.md), for readable reasons. */
const GRPC_CODE_NAMES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];
const GRPC_UNIMPLEMENTED = "12";

/**
 * Calls grpc.health.v1.Health/Check over cleartext HTTP/2: SERVING healthy, NOT_SERVING
 * unhealthy. A server without the health service (UNIMPLEMENTED) or one that does not answer
 * gRPC at all gets a TCP connect check instead, and the reason says so.
 */
export async function checkGrpcHealth(
  target: HealthTarget,
  options: GrpcHealthOptions = {},
): Promise<HealthResult> {
  const clock = options.clock ?? systemClock;
  const startedMs = clock.monoMs();
  const timeoutMs = options.timeoutMs ?? HEALTH_TIMEOUT_MS;
  // The budget is real time, whatever clock measures latency: the promise must settle on time.
  const deadline = performance.now() + timeoutMs;
  let verdict = await grpcVerdict(target, options.service ?? "", timeoutMs);
  if (verdict.fallback === true) {
    const remainingMs = Math.max(1, Math.round(deadline - performance.now()));
    const tcp = await tcpConnectVerdict(target, remainingMs);
    const said = tcp.status === "healthy" ? "connect ok" : tcp.reason;
    verdict = { status: tcp.status, reason: `${verdict.reason}; TCP fallback: ${said}` };
  }
  return { status: verdict.status, reason: verdict.reason, latencyMs: clock.monoMs() - startedMs };
}

function grpcVerdict(target: HealthTarget, service: string, timeoutMs: number): Promise<Verdict> {
  return settleWithin(timeoutMs, (done) => {
    let connected = false;
    const host = target.host.includes(":") ? `[${target.host}]` : target.host;
    const session = connect(`http://${host}:${target.port}`);
    session.on("connect", () => (connected = true));
    session.on("error", (err: Error) => done(transportFailure(err, connected)));
    const stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: "POST",
      [constants.HTTP2_HEADER_PATH]: GRPC_HEALTH_CHECK_PATH,
      "content-type": "application/grpc",
      te: "trailers",
    });
    let headers: IncomingHttpHeaders | null = null;
    let trailers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("response", (h) => (headers = h));
    stream.on("trailers", (t: IncomingHttpHeaders) => (trailers = t));
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > GRPC_HEALTH_RESPONSE_BYTES)
        done({ status: "unhealthy", reason: "gRPC answer too large" });
      else chunks.push(chunk);
    });
    stream.on("error", (err: Error) => done(transportFailure(err, connected)));
    stream.on("close", () =>
      done(judgeAnswer(headers, trailers, Buffer.concat(chunks), stream.rstCode)),
    );
    stream.end(encodeHealthCheckRequest(service));
    return () => session.destroy();
  });
}

/** Turns a complete HTTP/2 answer into a verdict. */
function judgeAnswer(
  headers: IncomingHttpHeaders | null,
  trailers: IncomingHttpHeaders,
  body: Buffer,
  rstCode: number,
): Verdict {
  if (headers === null) {
    return { status: "unhealthy", reason: `stream closed without an answer (RST ${rstCode})` };
  }
  const httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS]);
  const contentType = headers["content-type"] ?? "";
  if (httpStatus !== 200 || !contentType.startsWith("application/grpc")) {
    return { status: "unknown", reason: `not a gRPC answer (HTTP ${httpStatus})`, fallback: true };
  }
  // Trailers-only answers (errors) carry grpc-status in the headers.
  const grpcStatus = header(trailers, "grpc-status") ?? header(headers, "grpc-status");
  if (grpcStatus === undefined)
    return { status: "unhealthy", reason: "gRPC answer without grpc-status" };
  const name = GRPC_CODE_NAMES[Number(grpcStatus)] ?? "";
  if (grpcStatus === GRPC_UNIMPLEMENTED) {
    return { status: "unknown", reason: `grpc-status 12 ${name}`, fallback: true };
  }
  if (grpcStatus !== "0") {
    const message = header(trailers, "grpc-message") ?? header(headers, "grpc-message");
    const detail = message === undefined ? "" : `: ${percentDecoded(message)}`;
    return { status: "unhealthy", reason: `grpc-status ${grpcStatus} ${name}${detail}`.trim() };
  }
  const decoded = decodeHealthCheckResponse(body);
  if ("error" in decoded)
    return { status: "unhealthy", reason: `bad HealthCheckResponse: ${decoded.error}` };
  switch (decoded.servingStatus) {
    case SERVING_STATUS.SERVING:
      return { status: "healthy", reason: "SERVING" };
    case SERVING_STATUS.NOT_SERVING:
      return { status: "unhealthy", reason: "NOT_SERVING" };
    case SERVING_STATUS.SERVICE_UNKNOWN:
      return { status: "unhealthy", reason: "SERVICE_UNKNOWN" };
    case SERVING_STATUS.UNKNOWN:
      return { status: "unknown", reason: "UNKNOWN" };
    default:
      return { status: "unknown", reason: `serving status ${decoded.servingStatus}` };
  }
}

/**
 * A socket or HTTP/2 failure. An HTTP/2 protocol error on an open connection means the peer
 * does not speak HTTP/2 (an HTTP/1 server, say): a non-gRPC answer, so fall back to TCP.
 */
function transportFailure(err: Error, connected: boolean): Verdict {
  const cause = (err as Error & { cause?: unknown }).cause;
  if (errorText(err) === "ERR_HTTP2_STREAM_CANCEL" && cause instanceof Error) {
    return transportFailure(cause, connected);
  }
  const code = errorText(err);
  if (connected && code.startsWith("ERR_HTTP2")) {
    return { status: "unknown", reason: `not an HTTP/2 server (${code})`, fallback: true };
  }
  return { status: "unhealthy", reason: `${connected ? "read" : "connect"} ${code}` };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** grpc-message is percent-encoded (gRPC over HTTP/2 spec); keep the raw text if it is malformed. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
