import type { H1Response } from "./h1/h1-response.js";

/** Why the adapter itself answered instead of a backend (the `type` of the problem). */
export type ProblemKind =
  | "no-backend"
  | "bad-request"
  | "request-timeout"
  | "bad-gateway"
  | "gateway-timeout"
  | "payload-too-large"
  | "headers-too-large"
  | "breaker-open"
  | "locked"
  | "method-not-allowed"
  | "draining";

const TITLES: Readonly<Record<ProblemKind, string>> = {
  "no-backend": "No backend for this node",
  "bad-request": "Malformed or unsupported request",
  "request-timeout": "The request did not arrive in time",
  "bad-gateway": "The backend failed",
  "gateway-timeout": "The backend did not answer in time",
  "payload-too-large": "Request body too large",
  "headers-too-large": "Request headers too large",
  "breaker-open": "The backend's circuit breaker is open",
  locked: "Routing is locked",
  "method-not-allowed": "Method not allowed",
  draining: "The node is shutting down",
};

/**
 * Answers with an RFC 9457 problem document naming the node, unless the response has begun
 * (then the connection is cut: a half-sent body must not look complete).
 */
export function sendProblem(
  res: H1Response,
  status: number,
  kind: ProblemKind,
  node: string,
  detail: string,
  close = false,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    type: `urn:baton:problem:${kind}`,
    title: TITLES[kind],
    status,
    detail,
    node,
  });
  const headers: Record<string, string | number> = {
    "content-type": "application/problem+json",
    "content-length": Buffer.byteLength(body),
    "x-baton-served-by": `${node}/baton`,
  };
  if (close) headers["connection"] = "close";
  res.writeHead(status, headers);
  res.end(body);
}
