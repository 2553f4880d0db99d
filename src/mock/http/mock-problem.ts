import type { H1Response } from "../../adapter/index.js";
import type { RequestViolation } from "./request-check.js";

/** Why the mock answered with a problem instead of an example. */
export type MockProblemKind =
  | "not-found"
  | "method-not-allowed"
  | "not-acceptable"
  | "unsupported-media-type"
  | "invalid-request"
  | "unknown-code"
  | "unknown-example"
  | "no-response"
  | "payload-too-large";

const TITLES: Readonly<Record<MockProblemKind, string>> = {
  "not-found": "No operation at this path",
  "method-not-allowed": "Method not allowed",
  "not-acceptable": "No acceptable media type",
  "unsupported-media-type": "Unsupported request media type",
  "invalid-request": "The request does not match the contract",
  "unknown-code": "The operation declares no such response",
  "unknown-example": "The response has no such example",
  "no-response": "The operation declares no response",
  "payload-too-large": "Request body too large",
};

/**
 * Answers with an RFC 9457 problem document from the mock (Prism's shape: request violations
 * under `validation`, each with a location, a code and a message).
 */
export function sendMockProblem(
  res: H1Response,
  status: number,
  kind: MockProblemKind,
  node: string,
  detail: string,
  extra: { validation?: readonly RequestViolation[]; allow?: readonly string[] } = {},
): void {
  const problem: Record<string, unknown> = {
    type: `urn:baton:mock:${kind}`,
    title: TITLES[kind],
    status,
    detail,
    node,
  };
  if (extra.validation !== undefined)
    problem["validation"] = extra.validation.map((v) => ({
      location: v.location,
      severity: "Error",
      code: v.code,
      message: v.message,
    }));
  const body = Buffer.from(JSON.stringify(problem));
  const headers: Record<string, string | number> = {
    "content-type": "application/problem+json",
    "content-length": body.length,
  };
  if (extra.allow !== undefined) headers["allow"] = extra.allow.join(", ");
  res.writeHead(status, headers);
  res.end(body);
}
