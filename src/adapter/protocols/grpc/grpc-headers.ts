import type {
  IncomingHttpHeaders,
  IncomingHttpStatusHeader,
  OutgoingHttpHeaders,
} from "node:http2";
import { encodeGrpcMessage } from "./grpc-status.js";

/** Connection-specific fields HTTP/2 forbids (RFC 9113 §8.2.2); `te` is kept only as `trailers`. */
const CONNECTION_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "http2-settings",
]);

/** What the adapter adds to a forwarded request. */
export interface ForwardFacts {
  /** The client's address, appended to `x-forwarded-for`. */
  readonly clientIp: string;
  readonly traceparent: string;
  /** The `tracestate` to send, or null to send none. */
  readonly tracestate: string | null;
}

/**
 * The request headers to send the backend: the client's (pseudo-headers, `:authority` and
 * `grpc-*` metadata as they are) minus connection-specific ones, plus `x-forwarded-for`,
 * `x-forwarded-proto` and the continued trace.
 */
export function forwardRequestHeaders(
  headers: IncomingHttpHeaders,
  facts: ForwardFacts,
): OutgoingHttpHeaders {
  const out = copyHeaders(headers);
  out[":scheme"] = "http"; // the hop to the backend is cleartext whatever the client used
  const xff = headers["x-forwarded-for"];
  out["x-forwarded-for"] =
    xff === undefined || xff === "" ? facts.clientIp : `${String(xff)}, ${facts.clientIp}`;
  out["x-forwarded-proto"] ??= "http";
  out["traceparent"] = facts.traceparent;
  if (facts.tracestate === null) delete out["tracestate"];
  else out["tracestate"] = facts.tracestate;
  return out;
}

/** The backend's response headers for the client, minus connection-specific ones, plus `x-baton-served-by`. */
export function relayResponseHeaders(
  headers: IncomingHttpHeaders & IncomingHttpStatusHeader,
  servedBy: string,
): OutgoingHttpHeaders {
  const out = copyHeaders(headers);
  out["x-baton-served-by"] = servedBy;
  return out;
}

/** The backend's trailers for the client (no pseudo-headers, no connection-specific ones). */
export function relayTrailers(trailers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out = copyHeaders(trailers);
  for (const name of Object.keys(out)) if (name.startsWith(":")) delete out[name];
  return out;
}

/** A trailers-only answer from the adapter itself: HTTP 200 with the status in the headers. */
export function trailersOnly(code: number, message: string, node: string): OutgoingHttpHeaders {
  return {
    ":status": 200,
    "content-type": "application/grpc",
    "grpc-status": String(code),
    "grpc-message": encodeGrpcMessage(message),
    "x-baton-served-by": `${node}/baton`,
  };
}

/** Error trailers the adapter ends a started response with. */
export function errorTrailers(code: number, message: string): OutgoingHttpHeaders {
  return { "grpc-status": String(code), "grpc-message": encodeGrpcMessage(message) };
}

/** A shallow copy without connection-specific fields (symbols such as sensitiveHeaders dropped). */
function copyHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined || CONNECTION_HEADERS.has(name)) continue;
    if (name === "te" && value !== "trailers") continue;
    out[name] = value;
  }
  return out;
}
