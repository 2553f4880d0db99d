import type {
  ContractDocument,
  Operation,
  OperationParam,
  SchemaValidators,
  Violation,
} from "../../contract/index.js";
import { isJson } from "./accept.js";

/** Where a request violation was found, Prism-style (`["query", "limit"]`). */
export interface RequestViolation {
  readonly location: readonly string[];
  readonly code: string;
  readonly message: string;
}

/** The parts of a request the check reads. */
export interface CheckedRequest {
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly header: (lowerName: string) => string | undefined;
  readonly contentType: string | undefined;
  /** The raw body, or null when the request has none. */
  readonly body: Buffer | null;
}

/** The outcome: violations of parameters (400) and of the body (415, 422), and the parsed body. */
export interface CheckResult {
  readonly params: readonly RequestViolation[];
  readonly body: readonly RequestViolation[];
  /** The body could not be read as its media type: 415 (unsupported) or 400 (malformed). */
  readonly bodyStatus: 400 | 415 | 422 | null;
  readonly parsedBody: unknown;
}

/**
 * Checks a request against its operation: path, query and header parameters (values coerced
 * from text to their schema's type first, as a server framework would), then the body's media
 * type and schema. Every violation is listed, not only the first.
 */
export function checkRequest(
  doc: ContractDocument,
  validators: SchemaValidators,
  op: Operation,
  req: CheckedRequest,
): CheckResult {
  const params: RequestViolation[] = [];
  for (const p of op.params) {
    if (p.in === "cookie") continue;
    const raw = rawValue(p, req);
    if (raw === undefined) {
      if (p.required)
        params.push({
          location: [p.in, p.name],
          code: "required",
          message: `${p.in} parameter '${p.name}' is required`,
        });
      continue;
    }
    if (p.schema === null) continue;
    const value = coerce(doc, raw, p.schema.value, p.schema.file);
    push(params, [p.in, p.name], validators.compile(p.schema)(value));
  }
  const body: RequestViolation[] = [];
  let bodyStatus: CheckResult["bodyStatus"] = null;
  let parsedBody: unknown = undefined;
  if (op.body !== null) {
    if (req.body === null || req.body.length === 0) {
      if (op.body.required) {
        body.push({
          location: ["body"],
          code: "required",
          message: "the request body is required",
        });
        bodyStatus = 422;
      }
    } else {
      const declared = [...op.body.content.keys()];
      const type = req.contentType ?? "";
      const media = declared.find((d) => mediaMatches(d, type));
      if (media === undefined && declared.length > 0) {
        bodyStatus = 415;
        body.push({
          location: ["header", "content-type"],
          code: "unsupported",
          message: `content type '${type}' is not accepted; use ${declared.join(" or ")}`,
        });
      } else if (media !== undefined && isJson(media)) {
        try {
          parsedBody = JSON.parse(req.body.toString("utf8"));
        } catch (error) {
          bodyStatus = 400;
          body.push({
            location: ["body"],
            code: "parse",
            message: `the body is not JSON: ${(error as Error).message}`,
          });
        }
        const schema = op.body.content.get(media)?.schema ?? null;
        if (bodyStatus === null && schema !== null) {
          push(body, ["body"], validators.compileForRequest(schema)(parsedBody));
          if (body.length > 0) bodyStatus = 422;
        }
      }
    }
  }
  return { params, body, bodyStatus, parsedBody };
}

function push(out: RequestViolation[], at: string[], found: readonly Violation[] | null): void {
  if (found === null) return;
  for (const v of found)
    out.push({
      location: [...at, ...v.path.split("/").filter((s) => s !== "")],
      code: v.code,
      message: v.message,
    });
}

function rawValue(p: OperationParam, req: CheckedRequest): string | string[] | undefined {
  switch (p.in) {
    case "path":
      return req.pathParams[p.name];
    case "header":
      return req.header(p.name.toLowerCase());
    case "query": {
      const all = req.query.getAll(p.name);
      if (all.length === 0) return undefined;
      return p.explode ? (all.length === 1 ? all[0] : all) : all[0];
    }
    default:
      return undefined;
  }
}

/** The schema `schema` stands for (following `$ref`s) and the JSON type it wants. */
function typed(doc: ContractDocument, schema: unknown, file: string) {
  const s = doc.deref(schema, file);
  const t = (s.value as { type?: unknown } | null)?.type;
  const type = Array.isArray(t)
    ? (t.find((x) => x !== "null") as string | undefined)
    : typeof t === "string"
      ? t
      : undefined;
  return { type, schema: s.value as Record<string, unknown> | null, file: s.file };
}

/** Text from a URL or header turned into the type its schema declares (left as is if it cannot be). */
function coerce(
  doc: ContractDocument,
  raw: string | string[],
  schema: unknown,
  file: string,
): unknown {
  const t = typed(doc, schema, file);
  if (t.type === "array") {
    const items = t.schema?.["items"];
    const list = Array.isArray(raw) ? raw : raw.split(",");
    return list.map((v) => (items === undefined ? v : coerce(doc, v, items, t.file)));
  }
  const one = Array.isArray(raw) ? (raw[0] as string) : raw;
  if (t.type === "integer" || t.type === "number")
    return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(one) ? Number(one) : one;
  if (t.type === "boolean") return one === "true" ? true : one === "false" ? false : one;
  return one;
}

function mediaMatches(declared: string, actual: string): boolean {
  const d = declared.split(";")[0]?.trim().toLowerCase() ?? "";
  const a = actual.split(";")[0]?.trim().toLowerCase() ?? "";
  if (d === a || d === "*/*") return true;
  return d.endsWith("/*") && a.startsWith(d.slice(0, -1));
}
