// Open-ended event payloads (new job configs, A2A context and artifacts, validation details)
// are JSON values, so every event and observer record can be written to a checkpoint or a log
// line and read back unchanged.

/** A JSON value: what survives `JSON.stringify` then `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A JSON object with read-only members. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function copy(value: unknown, path: string, open: Set<object>): JsonValue {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${path} must be a finite number`);
    return value + 0; // -0 would come back from JSON as 0
  }
  if (typeof value !== "object" || (!Array.isArray(value) && !isPlainObject(value)))
    throw new TypeError(`${path} must be a JSON value (got ${typeof value})`);
  if (open.has(value)) throw new TypeError(`${path} must not contain itself`);
  open.add(value);
  const result = Array.isArray(value)
    ? value.map((item: unknown, i) => copy(item, `${path}[${i}]`, open))
    : // fromEntries defines own properties, so a "__proto__" key stays a plain key.
      Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, copy(v, `${path}.${k}`, open)] as const),
      );
  open.delete(value);
  return Object.freeze(result);
}

/** A deep, frozen copy of `value`; a TypeError names `field` unless it is plain JSON. */
export function frozenJson(value: unknown, field: string): JsonValue {
  return copy(value, field, new Set());
}

/** A deep, frozen copy of a JSON object; a TypeError names `field` for anything else. */
export function frozenJsonObject(value: unknown, field: string): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError(`${field} must be a JSON object`);
  return frozenJson(value, field) as JsonObject;
}
