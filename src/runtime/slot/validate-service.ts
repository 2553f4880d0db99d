import { isIP } from "node:net";
import {
  listOperations,
  SchemaValidators,
  type ContractDocument,
  type MediaSpec,
  type Operation,
  type OperationParam,
  type ResponseSpec,
} from "../../contract/index.js";
import { sampleValue } from "./sample-value.js";

/** One request made to the service, and what was wrong with its answer. */
export interface ServiceCheck {
  /** "GET /orders/{orderId}": the method and the contract's path template. */
  readonly operation: string;
  /** The path and query actually requested. */
  readonly url: string;
  /** null when no answer came (connection error, timeout). */
  readonly status: number | null;
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/** What `validateService` found: ok when every check passed. */
export interface ValidationReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly skipped: readonly { operation: string; reason: string }[];
  readonly checks: readonly ServiceCheck[];
}

export interface ValidateServiceOptions {
  /** Per request, body included (default 2 000). */
  readonly timeoutMs?: number;
  /** Safe operations called at most (default 50); the rest are skipped. */
  readonly maxOperations?: number;
}

const DEFAULT_TIMEOUT_MS = 2_000;
const DEFAULT_MAX_OPERATIONS = 50;
/** Only these are called: anything else may change the service's state. */
const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * Checks a service about to be slotted into a node against the node's contract, with safe
 * requests only: each GET/HEAD operation is called once, in contract order, with its
 * required parameters filled from examples, and its answer must have a declared status and,
 * for a 2xx JSON body with a schema, a body that validates. Never throws for what the service
 * does: every failure is a problem in the report.
 */
export async function validateService(
  doc: ContractDocument,
  base: { host: string; port: number },
  options: ValidateServiceOptions = {},
): Promise<ValidationReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOperations = options.maxOperations ?? DEFAULT_MAX_OPERATIONS;
  const origin = loopbackOrigin(base);
  const validators = new SchemaValidators(doc);
  const skipped: { operation: string; reason: string }[] = [];
  const checks: ServiceCheck[] = [];
  for (const op of listOperations(doc)) {
    const operation = `${op.method} ${op.path}`;
    if (!SAFE_METHODS.has(op.method)) {
      skipped.push({ operation, reason: "not a safe method" });
      continue;
    }
    if (checks.length >= maxOperations) {
      skipped.push({ operation, reason: `beyond the first ${maxOperations} operations` });
      continue;
    }
    const request = buildRequest(doc, op);
    if ("missing" in request) {
      skipped.push({ operation, reason: `no value for required ${request.missing}` });
      continue;
    }
    // One at a time: a service just started should not be load-tested by its own check.
    checks.push(await check(op, operation, origin, request, validators, timeoutMs));
  }
  return { ok: checks.every((c) => c.ok), checked: checks.length, skipped, checks };
}

/** One line per failed check, then a summary. */
export function formatReport(report: ValidationReport): string {
  const lines = report.checks
    .filter((c) => !c.ok)
    .map((c) => {
      const status = c.status === null ? "no answer" : `status ${c.status}`;
      return `FAIL ${c.operation} (${c.url}, ${status}): ${c.problems.join("; ")}`;
    });
  const failed = report.checks.filter((c) => !c.ok).length;
  const skipped = report.skipped.length === 0 ? "" : `, ${report.skipped.length} skipped`;
  lines.push(
    report.ok
      ? `service conforms: ${report.checked} operations checked${skipped}`
      : `service does not conform: ${failed} of ${report.checked} checks failed${skipped}`,
  );
  return lines.join("\n");
}

interface Request {
  readonly url: string;
  readonly headers: Record<string, string>;
}

function loopbackOrigin(base: { host: string; port: number }): string {
  const host = base.host.replace(/^\[|\]$/g, "");
  const loopback =
    host === "localhost" ||
    (isIP(host) === 4 && host.startsWith("127.")) ||
    host === "::1" ||
    host === "0:0:0:0:0:0:0:1";
  // The check runs before the service is trusted: it never leaves this machine.
  if (!loopback) throw new TypeError(`validateService: ${base.host} is not a loopback address`);
  if (!Number.isInteger(base.port) || base.port <= 0 || base.port > 65_535)
    throw new TypeError(`validateService: bad port ${base.port}`);
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${base.port}`;
}

/** The URL and headers for `op`, or which required parameter got no value. */
function buildRequest(doc: ContractDocument, op: Operation): Request | { missing: string } {
  let path = op.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const param of op.params) {
    // Optional parameters are left out: fewer guesses, fewer ways to be refused.
    if (!param.required) continue;
    const value = paramValue(doc, param);
    if (value === undefined) return { missing: `${param.in} parameter '${param.name}'` };
    switch (param.in) {
      case "path":
        path = path.replaceAll(`{${param.name}}`, flat(value).map(encodeURIComponent).join(","));
        break;
      case "query":
        if (param.explode && Array.isArray(value))
          for (const item of value) query.append(param.name, String(item));
        else query.append(param.name, flat(value).join(","));
        break;
      case "header":
        headers[param.name] = flat(value).join(",");
        break;
      case "cookie":
        cookies.push(`${param.name}=${encodeURIComponent(flat(value).join(","))}`);
        break;
    }
  }
  if (cookies.length > 0) headers["cookie"] = cookies.join("; ");
  const accept = new Set(op.responses.flatMap((r) => [...r.content.keys()]));
  if (accept.size > 0) headers["accept"] = [...accept].join(", ");
  const search = query.toString();
  return { url: search === "" ? path : `${path}?${search}`, headers };
}

/** The parameter's example, else its schema's first example, else a placeholder for its type. */
function paramValue(doc: ContractDocument, param: OperationParam): unknown {
  if (param.example !== undefined) return param.example;
  return param.schema === null ? undefined : sampleValue(doc, param.schema);
}

/** Simple-style serialisation: a list's items, an object's keys and values, or the scalar. */
function flat(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => [k, String(v)]);
  return [String(value)];
}

async function check(
  op: Operation,
  operation: string,
  origin: string,
  request: Request,
  validators: SchemaValidators,
  timeoutMs: number,
): Promise<ServiceCheck> {
  const result = (status: number | null, problems: string[]): ServiceCheck => ({
    operation,
    url: request.url,
    status,
    ok: problems.length === 0,
    problems,
  });
  let status: number;
  let contentType: string | null;
  let body: string;
  try {
    // The timeout covers the body too: a service that sends headers and stalls still fails.
    const response = await fetch(`${origin}${request.url}`, {
      method: op.method,
      headers: request.headers,
      redirect: "manual", // a redirect is an answer to judge, and must not leave loopback
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    contentType = response.headers.get("content-type");
    body = op.method === "HEAD" ? "" : await response.text();
  } catch (error) {
    return result(null, [requestProblem(error, timeoutMs)]);
  }
  const spec = declaredResponse(op, status);
  if (spec === null) {
    const declared = op.responses.map((r) => r.status.toLowerCase()).join(", ");
    return result(status, [`status ${status} is not declared (declared: ${declared || "none"})`]);
  }
  if (status < 200 || status >= 300 || op.method === "HEAD" || spec.content.size === 0)
    return result(status, []);
  return result(status, bodyProblems(spec, contentType, body, validators));
}

/** The response the contract declares for `status`: exact code, then its range, then default. */
function declaredResponse(op: Operation, status: number): ResponseSpec | null {
  const code = String(status);
  return (
    op.responses.find((r) => r.status === code) ??
    op.responses.find((r) => r.status === `${code[0]}XX`) ??
    op.responses.find((r) => r.status === "DEFAULT") ??
    null
  );
}

function bodyProblems(
  spec: ResponseSpec,
  contentType: string | null,
  body: string,
  validators: SchemaValidators,
): string[] {
  const declared = [...spec.content.keys()].join(", ");
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "") return [`no Content-Type (declared: ${declared})`];
  const media = mediaFor(spec, type);
  if (media === null) return [`Content-Type ${type} is not declared (declared: ${declared})`];
  if (!isJson(type)) return [];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return [`body is not JSON (${type}): ${(error as Error).message}`];
  }
  if (media.schema === null) return [];
  const violations = validators.compile(media.schema)(value) ?? [];
  return violations.map((v) => `body${v.path}: ${v.message}`);
}

/** The declared media type that covers `type`: exact, then `type/*`, then `*\/*`. */
function mediaFor(spec: ResponseSpec, type: string): MediaSpec | null {
  const byType = new Map(
    [...spec.content].map(([k, v]) => [k.split(";")[0]?.trim().toLowerCase(), v]),
  );
  return byType.get(type) ?? byType.get(`${type.split("/")[0]}/*`) ?? byType.get("*/*") ?? null;
}

function isJson(type: string): boolean {
  return type === "application/json" || type.endsWith("+json");
}

function requestProblem(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: Error & { code?: string } };
  if (e.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  const cause = e.cause;
  const detail = cause === undefined ? e.message : (cause.code ?? cause.message);
  return `request failed: ${detail}`;
}
