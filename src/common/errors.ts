/**
 * The catalog of Baton error codes. Each code is listed, with its meaning, in docs/errors.md;
 * a test keeps the two in sync. Match errors by `code`, never by message.
 */
export const ERROR_CODES = {
  E_USAGE: "A command-line argument or option is missing, unknown or malformed.",
  E_CONFIG_NOT_FOUND: "There is no baton.yaml where the command looked for one.",
  E_CONFIG_EXISTS: "`baton init` found a baton.yaml already and refused to overwrite it.",
  E_CONFIG_PARSE: "baton.yaml (or a file given with --config) is not well-formed YAML.",
  E_CONFIG_INVALID: "baton.yaml is well-formed YAML but breaks a rule of the schema.",
  E_CONFIG_VERSION: "baton.yaml declares a schema version this Baton cannot read or migrate.",
  E_NODE_EXISTS: "A node with that name is already in the circuit.",
  E_NODE_NOT_FOUND: "No node with that name is in the circuit.",
  E_EDGE_EXISTS: "That edge is already in the circuit.",
  E_EDGE_NOT_FOUND: "No such edge is in the circuit.",
  E_EDGE_INVALID: "The edge would break a rule: a self-edge, or an egress node as caller.",
  E_CONTRACT_NOT_FOUND:
    "A contract file named in baton.yaml or on the command line does not exist.",
  E_CONTRACT_PARSE: "A contract file is not well-formed YAML or JSON.",
  E_CONTRACT_INVALID:
    "A contract file is neither OpenAPI 2.0/3.0/3.1 nor JSON Schema, or a $ref in it does not resolve.",
  E_NO_FREE_PORT: "Every port Baton may choose for a new node is taken.",
  E_WRITE_FAILED:
    "A file or directory could not be written (permissions, read-only disk, not a directory).",
  E_JOB_INVALID:
    "A job given to the core is malformed: an unknown or repeated sheet, a dependency cycle, or a bad number.",
  E_CHECKPOINT_INVALID:
    "A saved job checkpoint is not valid JSON, or a field in it has a wrong type, value or version.",
  E_OWNER_RUNNING: "An owner process already runs for this project (its lock is held).",
  E_OWNER_NOT_RUNNING: "No owner process runs for this project: start one with `baton up`.",
  E_OWNER_UNRESPONSIVE: "The owner process holds the project but did not answer in time.",
  E_COMMAND_INVALID:
    "A service command cannot be parsed, or uses shell syntax Baton does not run without a shell.",
  E_PROGRAM_NOT_FOUND: "The program a service command names is not on PATH or not executable.",
  E_SPAWN_FAILED:
    "The OS refused to start a service: its working directory is missing, or no processes or files are left.",
  E_JOB_NOT_FOUND: "No running job (or no step of it) has that id.",
  E_NO_DECISION_PENDING: "The step named waits for no decision: it is not held for a person.",
  E_STEP_FAILED:
    "A step of an operation (up, slot, swap, …) failed; the circuit was left as it was before.",
  E_INTERNAL: "Baton hit a bug. The message says where; please report it.",
} as const;

/** Codes of warnings: reported by `validate` and `status`, never fatal. */
export const WARNING_CODES = {
  W_CYCLE: "Edges form a cycle. Legal (services may call each other) but worth knowing.",
  W_NO_INGRESS:
    "The circuit has nodes but none has role ingress, so nothing marks its entry point.",
  W_FIELD_IGNORED: "A field kept for compatibility with older files has no effect in Baton.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type WarningCode = keyof typeof WARNING_CODES;
export type DiagnosticCode = ErrorCode | WarningCode;

/** Where in a file a diagnostic points. `line` and `column` are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Field path inside the file, e.g. `nodes[2].port`. */
  readonly field?: string;
}

/** One finding about user input: what is wrong, where, and how to fix it. */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hint?: string;
  readonly location?: SourceLocation;
}

export interface BatonErrorOptions {
  readonly hint?: string;
  readonly location?: SourceLocation;
  /** Further findings of the same failure (e.g. every invalid field of a file). */
  readonly diagnostics?: readonly Diagnostic[];
  readonly cause?: unknown;
}

/** An error caused by user input or the environment, with a code from the catalog. */
export class BatonError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;
  readonly diagnostics: readonly Diagnostic[];

  constructor(code: ErrorCode, message: string, options: BatonErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "BatonError";
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
    this.diagnostics = options.diagnostics ?? [
      { severity: "error", code, message, hint: options.hint, location: options.location },
    ];
  }
}

/** True when `value` is a BatonError (checked by shape, so it works across module copies). */
export function isBatonError(value: unknown): value is BatonError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { name?: unknown }).name === "BatonError" &&
    typeof (value as { code?: unknown }).code === "string" &&
    (value as { code: string }).code in ERROR_CODES
  );
}

/** Builds an error-severity diagnostic. */
export function errorDiagnostic(
  code: ErrorCode,
  message: string,
  hint?: string,
  location?: SourceLocation,
): Diagnostic {
  return { severity: "error", code, message, hint, location };
}
