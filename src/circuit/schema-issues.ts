import { z } from "zod";
import { closestMatch, type Diagnostic, type ErrorCode } from "../common/index.js";
import { formatYamlPath, locate, type YamlPath, type YamlSource } from "../contract/index.js";

type Issue = z.core.$ZodIssue;

/** Turns zod issues into one diagnostic each (one per unknown key), located in the source. */
export function issuesToDiagnostics(
  issues: readonly Issue[],
  schema: z.ZodType,
  source: YamlSource,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(schema, path);
      for (const key of issue.keys) {
        const near = closestMatch(key, known);
        const hint =
          (near === undefined ? "remove it or fix its spelling" : `did you mean '${near}'?`) +
          (known.length > 0 ? ` (allowed here: ${known.join(", ")})` : "");
        out.push(diagnostic(source, [...path, key], `unknown key '${key}'`, hint, true));
      }
      continue;
    }
    if (issue.code === "invalid_key") {
      // A record key (a node name under routing:) broke its own rule: report the key's finding.
      const inner = issue.issues[0];
      const { message, hint } = inner ? describe(inner, path) : describe(issue, path);
      out.push(diagnostic(source, path, message, hint, true));
      continue;
    }
    const { message, hint } = describe(issue, path);
    const versionIssue = path.length === 1 && path[0] === "version";
    out.push(
      diagnostic(
        source,
        path,
        message,
        versionIssue ? `${hint} (this Baton reads versions 1 and 2)` : hint,
        false,
        versionIssue ? "E_CONFIG_VERSION" : "E_CONFIG_INVALID",
      ),
    );
  }
  return out;
}

function diagnostic(
  source: YamlSource,
  path: YamlPath,
  message: string,
  hint: string,
  key: boolean,
  code: ErrorCode = "E_CONFIG_INVALID",
): Diagnostic {
  const at = locate(source, path, { key });
  const field = formatYamlPath(path);
  return {
    severity: "error",
    code,
    message,
    hint,
    location: {
      file: source.file,
      line: at.line,
      column: at.column,
      field: field === "" ? undefined : field,
    },
  };
}

function describe(issue: Issue, path: YamlPath): { message: string; hint: string } {
  const last = path[path.length - 1];
  const name = typeof last === "string" ? last : "this item";
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type": {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (input === undefined)
        return { message: `'${name}' is required`, hint: `add ${name}: <${expected}>` };
      return {
        message: `expected ${expected}, got ${show(input)}`,
        hint: `write ${name} as ${expected}`,
      };
    }
    case "invalid_value": {
      const values = issue.values.map((v) => String(v));
      if (
        typeof input === "string" &&
        issue.values.some((v) => typeof v === "number" && String(v) === input)
      ) {
        return {
          message: `'${input}' is a string, not a number`,
          hint: `remove the quotes: ${name}: ${input}`,
        };
      }
      const near = typeof input === "string" ? closestMatch(input, values) : undefined;
      return {
        message: `${show(input)} is not a valid ${name}`,
        hint:
          (near === undefined ? "" : `did you mean '${near}'? `) +
          `use one of: ${values.join(", ")}`,
      };
    }
    case "too_small":
      return bound(issue.origin, input, "at least", issue.minimum, issue.inclusive);
    case "too_big":
      return bound(issue.origin, input, "at most", issue.maximum, issue.inclusive);
    case "custom": {
      const hint = (issue.params as { hint?: unknown } | undefined)?.hint;
      return {
        message: issue.message,
        hint: typeof hint === "string" ? hint : "see docs/errors.md",
      };
    }
    default:
      return { message: issue.message, hint: "see the baton.yaml reference in README.md" };
  }
}

function bound(
  origin: string,
  input: unknown,
  word: "at least" | "at most",
  limit: number | bigint,
  inclusive: boolean | undefined,
): { message: string; hint: string } {
  if (origin === "string" && word === "at least" && Number(limit) <= 1) {
    return { message: "must not be empty", hint: "give it a value or remove the key" };
  }
  if (origin === "array") {
    return { message: `must have ${word} ${limit} item(s)`, hint: `list ${word} ${limit} item(s)` };
  }
  const strict = inclusive === false ? (word === "at least" ? "more than" : "less than") : word;
  return {
    message: `${show(input)} is out of range (${strict} ${limit})`,
    hint: `use a value ${strict} ${limit}`,
  };
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

function show(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return typeof value;
}

/** The keys an object schema allows at `path` (empty when `path` does not lead to an object). */
export function knownKeys(schema: z.ZodType, path: YamlPath): string[] {
  let current: unknown = schema;
  for (const segment of [...path, undefined]) {
    current = unwrap(current);
    if (segment === undefined) break;
    if (current instanceof z.ZodObject)
      current = (current.shape as Record<string, unknown>)[String(segment)];
    else if (current instanceof z.ZodArray) current = current.element;
    else if (current instanceof z.ZodRecord) current = current.valueType;
    else return [];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else {
      return current;
    }
  }
}
