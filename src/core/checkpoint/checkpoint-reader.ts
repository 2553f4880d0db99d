import { BatonError } from "../../common/index.js";

// Typed reads of untrusted checkpoint JSON. Every failure is an E_CHECKPOINT_INVALID that
// names the source (a file name) and the field path, e.g. `sheets[3].normalAttempts`.

/** A JSON object read from a checkpoint. */
export type Fields = Readonly<Record<string, unknown>>;

/** Reads fields of one checkpoint text, failing with the source and field named. */
export class CheckpointReader {
  constructor(readonly source: string) {}

  /** Throws E_CHECKPOINT_INVALID for `field`. */
  fail(field: string, why: string): never {
    const where = field === "" ? "" : ` field ${field}`;
    throw new BatonError("E_CHECKPOINT_INVALID", `checkpoint ${this.source}${where}: ${why}`, {
      hint: "the file was left untouched; restore it from a backup, or remove it to start the job afresh",
      location: field === "" ? { file: this.source } : { file: this.source, field },
    });
  }

  object(value: unknown, field: string): Fields {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      this.fail(field, `must be an object (got ${kind(value)})`);
    return value as Fields;
  }

  array(value: unknown, field: string): readonly unknown[] {
    if (!Array.isArray(value)) this.fail(field, `must be an array (got ${kind(value)})`);
    return value;
  }

  /** `value` when present, else `fallback`; `null` counts as present. */
  optional<T>(
    fields: Fields,
    key: string,
    path: string,
    read: (v: unknown, f: string) => T,
    fallback: T,
  ): T {
    const value = fields[key];
    return value === undefined ? fallback : read(value, join(path, key));
  }

  required<T>(fields: Fields, key: string, path: string, read: (v: unknown, f: string) => T): T {
    const value = fields[key];
    if (value === undefined) this.fail(join(path, key), "is missing");
    return read(value, join(path, key));
  }

  string(value: unknown, field: string): string {
    if (typeof value !== "string") this.fail(field, `must be a string (got ${kind(value)})`);
    return value;
  }

  name(value: unknown, field: string): string {
    const s = this.string(value, field);
    if (s === "") this.fail(field, "must not be empty");
    return s;
  }

  nullableString(value: unknown, field: string): string | null {
    return value === null ? null : this.string(value, field);
  }

  nullableName(value: unknown, field: string): string | null {
    return value === null ? null : this.name(value, field);
  }

  boolean(value: unknown, field: string): boolean {
    if (typeof value !== "boolean") this.fail(field, `must be a boolean (got ${kind(value)})`);
    return value;
  }

  nullableBoolean(value: unknown, field: string): boolean | null {
    return value === null ? null : this.boolean(value, field);
  }

  /** A finite number ≥ 0 (amounts, durations, wall-clock ms). */
  amount(value: unknown, field: string): number {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      this.fail(field, `must be a finite number ≥ 0 (got ${shown(value)})`);
    return value + 0;
  }

  nullableAmount(value: unknown, field: string): number | null {
    return value === null ? null : this.amount(value, field);
  }

  /** An integer ≥ 0 (counters, budgets). */
  count(value: unknown, field: string): number {
    if (!Number.isSafeInteger(value) || (value as number) < 0)
      this.fail(field, `must be an integer ≥ 0 (got ${shown(value)})`);
    return (value as number) + 0;
  }

  /** An integer ≥ 1 (sheet numbers). */
  positive(value: unknown, field: string): number {
    if (!Number.isSafeInteger(value) || (value as number) < 1)
      this.fail(field, `must be an integer ≥ 1 (got ${shown(value)})`);
    return value as number;
  }

  /** One of `allowed`. */
  oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
    const found = allowed.find((a) => a === value);
    if (found === undefined)
      this.fail(
        field,
        `must be one of ${allowed.map((a) => `'${a}'`).join(", ")} (got ${shown(value)})`,
      );
    return found;
  }
}

/** `path.key`, or `key` at the top. */
export function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function kind(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : typeof value;
}

function shown(value: unknown): string {
  return typeof value === "number" || typeof value === "string"
    ? JSON.stringify(value)
    : kind(value);
}
