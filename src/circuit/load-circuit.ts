import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isMap, isScalar } from "yaml";
import { BatonError, type Diagnostic } from "../common/index.js";
import { parseYamlSource, positionOf, type YamlSource } from "../contract/index.js";
import { CheckContext } from "./check-context.js";
import { checkFiles } from "./check-files.js";
import { checkRouting } from "./check-routing.js";
import { checkSections } from "./check-sections.js";
import { checkTopology, checkVersionFields } from "./check-topology.js";
import { circuitSchema, type CircuitConfig } from "./schema.js";
import { issuesToDiagnostics } from "./schema-issues.js";

/** The file name of a circuit inside its project directory. */
export const CONFIG_FILE = "baton.yaml";

/** Everything a check of baton.yaml text found. `config` is set when there are no errors. */
export interface CircuitCheck {
  readonly source: YamlSource;
  readonly config: CircuitConfig | undefined;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  /** Each node's contract digest (see ContractSummary.digest), when it was read. */
  readonly contractDigests?: ReadonlyMap<string, string>;
}

/** A valid circuit read from disk. */
export interface CircuitFile {
  readonly file: string;
  readonly dir: string;
  readonly source: YamlSource;
  readonly config: CircuitConfig;
  readonly warnings: readonly Diagnostic[];
  /** Each node's contract digest: `apply` sees a contract whose text changed. */
  readonly contractDigests: ReadonlyMap<string, string>;
}

/** The path of baton.yaml in a project directory. */
export function configPath(dir: string): string {
  return join(dir, CONFIG_FILE);
}

/** Parses and checks baton.yaml text: syntax, schema, then the rules across fields and files. */
export function checkCircuitText(
  file: string,
  text: string,
  projectDir = dirname(file),
): CircuitCheck {
  const source = parseYamlSource(file, text);
  if (source.doc.errors.length > 0) {
    const errors = source.doc.errors.map((e): Diagnostic => {
      const at = positionOf(source, e.pos[0]);
      const multiple = e.code === "MULTIPLE_DOCS";
      return {
        severity: "error",
        code: "E_CONFIG_PARSE",
        message: multiple
          ? "the file holds multiple documents (a second '---')"
          : (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ""),
        hint: multiple
          ? "baton.yaml is one document: remove the '---' and merge what follows"
          : "fix the YAML syntax at that position",
        location: { file, line: at.line, column: at.column },
      };
    });
    return { source, config: undefined, errors, warnings: [] };
  }
  const contents = source.doc.contents;
  if (contents !== null && !isMap(contents) && !(isScalar(contents) && contents.value === null)) {
    const at = positionOf(source, contents.range?.[0] ?? 0);
    const error: Diagnostic = {
      severity: "error",
      code: "E_CONFIG_INVALID",
      message: "the file is not a mapping",
      hint: "baton.yaml holds keys such as name, version, nodes and edges",
      location: { file, ...at },
    };
    return { source, config: undefined, errors: [error], warnings: [] };
  }
  let raw: Record<string, unknown>;
  try {
    raw = (source.doc.toJS() ?? {}) as Record<string, unknown>;
  } catch (error) {
    // yaml refuses an alias without an anchor, and aliases that expand beyond a bound.
    const message = error instanceof Error ? error.message : String(error);
    const unresolved = message.includes("Unresolved alias");
    const parseError: Diagnostic = {
      severity: "error",
      code: "E_CONFIG_PARSE",
      message,
      hint: unresolved
        ? "define the anchor (&name) before the alias (*name) that uses it"
        : "use fewer aliases (*name) or write the values out",
      location: { file },
    };
    return { source, config: undefined, errors: [parseError], warnings: [] };
  }
  // `nodes:` with nothing after it is an empty list, as a newcomer would expect.
  for (const key of ["nodes", "edges", "routing"]) if (raw[key] === null) delete raw[key];
  const ctx = new CheckContext(source, projectDir);
  checkVersionFields(ctx, raw);
  const parsed = circuitSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const errors = [
      ...ctx.diagnostics,
      ...issuesToDiagnostics(parsed.error.issues, circuitSchema, source),
    ];
    return { source, config: undefined, errors, warnings: [] };
  }
  checkTopology(ctx, parsed.data);
  checkRouting(ctx, parsed.data);
  checkSections(ctx, parsed.data);
  checkFiles(ctx, parsed.data);
  const errors = ctx.diagnostics.filter((d) => d.severity === "error");
  const warnings = ctx.diagnostics.filter((d) => d.severity === "warning");
  return {
    source,
    config: errors.length === 0 ? parsed.data : undefined,
    errors,
    warnings,
    contractDigests: ctx.contractDigests,
  };
}

/** Reads baton.yaml text; a missing file is E_CONFIG_NOT_FOUND. */
export function readCircuitText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new BatonError("E_CONFIG_NOT_FOUND", "no such file", {
        hint: "run 'baton init' to create it, or point --dir at a project",
        location: { file },
      });
    }
    throw new BatonError("E_CONFIG_NOT_FOUND", `cannot be read (${code ?? "error"})`, {
      hint: "check the file's permissions",
      location: { file },
      cause: error,
    });
  }
}

/** Loads and checks a circuit; throws a BatonError carrying every error found. */
export function loadCircuit(file: string, projectDir = dirname(file)): CircuitFile {
  const check = checkCircuitText(file, readCircuitText(file), projectDir);
  return requireValid(check, file, projectDir);
}

/** Narrows a check to a valid circuit, or throws its errors. */
export function requireValid(check: CircuitCheck, file: string, projectDir: string): CircuitFile {
  if (check.config === undefined) throw invalidError(check.errors);
  return {
    file,
    dir: projectDir,
    source: check.source,
    config: check.config,
    warnings: check.warnings,
    contractDigests: check.contractDigests ?? new Map(),
  };
}

/** One BatonError for a list of error diagnostics (code of the first, all of them attached). */
export function invalidError(errors: readonly Diagnostic[], prefix = ""): BatonError {
  const first = errors[0];
  const code =
    first?.code !== undefined && first.code.startsWith("E_")
      ? (first.code as BatonError["code"])
      : "E_CONFIG_INVALID";
  return new BatonError(code, prefix + (first?.message ?? "invalid circuit"), {
    hint: first?.hint,
    location: first?.location,
    diagnostics: errors.map((d, i) =>
      i === 0 && prefix !== "" ? { ...d, message: prefix + d.message } : d,
    ),
  });
}
