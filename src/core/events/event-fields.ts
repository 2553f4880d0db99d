// Field checks for event constructors. A bad field is a programmer error at construction
// (shared/design.md §5: programmer errors throw plain TypeErrors), so each check throws a
// TypeError that names the field, e.g. `SheetAttemptResult.sheetNum`.

function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null)
    return String(value);
  return typeof value;
}

function fail(field: string, rule: string, value: unknown): never {
  throw new TypeError(`${field} must be ${rule} (got ${shown(value)})`);
}

/** A non-empty string: ids and names (job, instrument, model, agent, task). */
export function checkName(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) fail(field, "a non-empty string", value);
  return value;
}

/** `null` or a non-empty string. */
export function checkOptionalName(value: unknown, field: string): string | null {
  return value === null ? null : checkName(value, field);
}

/** Any string, empty included: free text (reasons, messages, output tails). */
export function checkText(value: unknown, field: string): string {
  if (typeof value !== "string") fail(field, "a string", value);
  return value;
}

/** `null` or any string. */
export function checkOptionalText(value: unknown, field: string): string | null {
  return value === null ? null : checkText(value, field);
}

/** A boolean. */
export function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") fail(field, "a boolean", value);
  return value;
}

/** `null` or a boolean. */
export function checkOptionalBoolean(value: unknown, field: string): boolean | null {
  return value === null ? null : checkBoolean(value, field);
}

/** An integer ≥ 1: sheet numbers (spec §1.1), attempt numbers, pids. */
export function checkPositiveInteger(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1)
    fail(field, "a positive integer", value);
  return value as number;
}

/** An integer ≥ 0: counts (validations, tokens). */
export function checkCount(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0)
    fail(field, "a non-negative integer", value);
  return (value as number) + 0; // + 0 turns -0 into 0, so JSON round-trips are exact
}

/** `null` or any integer (exit codes). */
export function checkOptionalInteger(value: unknown, field: string): number | null {
  if (value === null) return null;
  if (!Number.isSafeInteger(value)) fail(field, "an integer or null", value);
  return (value as number) + 0;
}

/** A finite number ≥ 0: costs, durations, delays, measurements. */
export function checkAmount(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    fail(field, "a finite number ≥ 0", value);
  return value + 0;
}

/** `null` or a finite number ≥ 0. */
export function checkOptionalAmount(value: unknown, field: string): number | null {
  return value === null ? null : checkAmount(value, field);
}

/** A percentage: finite and ≥ 0 (above 100 is allowed: it counts as a full pass, spec §5.3). */
export function checkPercent(value: unknown, field: string): number {
  if (typeof value !== "number" || !(value >= 0 && Number.isFinite(value)))
    fail(field, "a finite number ≥ 0", value);
  return value + 0;
}

/** A clock reading in milliseconds: finite and ≥ 0. */
export function checkTimestamp(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    fail(field, "a finite clock reading in ms ≥ 0", value);
  return value + 0;
}

/** One of the `allowed` strings. */
export function checkOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) fail(field, `one of ${allowed.map((a) => `"${a}"`).join(", ")}`, value);
  return found;
}

/** `value`, or `fallback` when it is absent; unlike `??`, a `null` is kept (and then checked). */
export function orDefault<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}
