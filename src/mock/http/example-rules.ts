import { parsePointer, resolvePointer, type Operation } from "../../contract/index.js";

/**
 * Picks an example (or a status) by what the request holds — what Prism refuses (prism #962).
 * `match` keys name a request field: `path.NAME`, `query.NAME`, `header.NAME` (lower case) or
 * `body/JSON/POINTER`; every key must equal its value (compared as text).
 */
export interface ExampleRule {
  /** `METHOD /path/template` or an operationId. */
  readonly operation: string;
  readonly match: Readonly<Record<string, string>>;
  readonly example?: string;
  readonly status?: number;
}

/** What a rule reads from a request. */
export interface RuleRequest {
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly header: (lowerName: string) => string | undefined;
  readonly body: unknown;
}

/** The first rule of `op` whose every match holds for the request, or null. */
export function matchRule(
  rules: readonly ExampleRule[],
  op: Operation,
  req: RuleRequest,
): ExampleRule | null {
  const names = [`${op.method} ${op.path}`, op.operationId];
  for (const rule of rules) {
    if (!names.includes(rule.operation)) continue;
    if (Object.entries(rule.match).every(([key, want]) => fieldOf(req, key) === want)) return rule;
  }
  return null;
}

function fieldOf(req: RuleRequest, key: string): string | undefined {
  if (key.startsWith("path.")) return req.pathParams[key.slice(5)];
  if (key.startsWith("query.")) return req.query.get(key.slice(6)) ?? undefined;
  if (key.startsWith("header.")) return req.header(key.slice(7).toLowerCase());
  if (key.startsWith("body/") || key === "body") {
    const tokens = parsePointer(key.slice(4));
    if (tokens === undefined) return undefined;
    const found = resolvePointer(req.body, tokens);
    if (!found.found) return undefined;
    return text(found.value);
  }
  return undefined;
}

/** A value as rule text: scalars as written, objects and arrays as JSON. */
export function text(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}
