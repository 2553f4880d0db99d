import { STATUS_CODES } from "node:http";
import type { ProblemKind } from "./problem.js";

/**
 * A complete `Connection: close` problem response as raw bytes, for sockets that have no
 * ServerResponse (parse errors, Upgrade and CONNECT requests).
 */
export function rawClientError(
  status: number,
  kind: ProblemKind,
  node: string,
  detail: string,
): string {
  const body = JSON.stringify({
    type: `urn:baton:problem:${kind}`,
    title: STATUS_CODES[status],
    status,
    detail,
    node,
  });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
    "content-type: application/problem+json\r\n" +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    `x-baton-served-by: ${node}/baton\r\n` +
    "connection: close\r\n\r\n" +
    body
  );
}
