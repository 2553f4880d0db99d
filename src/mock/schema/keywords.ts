/** A schema object as read here: JSON Schema / OpenAPI keywords by name, values unchecked. */
export type Schema = Readonly<Record<string, unknown>>;

const EMPTY: Schema = Object.freeze({});

/** Whether `value` can be read as a schema object (a plain object, not an array). */
export function isSchemaObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `value` as a schema object; the boolean schema `true` is `{}`. `false` admits no value. */
export function toSchema(value: unknown): Schema {
  if (value === true) return EMPTY;
  if (isSchemaObject(value)) return value;
  if (value === false) throw new TypeError("generate: schema `false` admits no value");
  throw new TypeError(`generate: expected a schema object, got ${JSON.stringify(value)}`);
}

function has(s: Schema, key: string): boolean {
  return Object.hasOwn(s, key);
}

/** Sets an own property, even one named `__proto__` (plain assignment would set the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A finite number keyword, or undefined. */
export function numberAt(s: Schema, key: string): number | undefined {
  const v = s[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function stringAt(s: Schema, key: string): string | undefined {
  const v = s[key];
  return typeof v === "string" ? v : undefined;
}

/** A count keyword (minLength, maxItems, …) as a non-negative integer, or undefined. */
export function countAt(s: Schema, key: string): number | undefined {
  const v = numberAt(s, key);
  return v === undefined || v < 0 ? undefined : Math.floor(v);
}

/** JSON Schema measures strings in code points, not UTF-16 units. */
export function stringLength(value: string): number {
  return Array.from(value).length;
}

/** JSON text with object keys sorted, so equal values compare equal as strings. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isSchemaObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const OBJECT_KEYWORDS = [
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "minProperties",
  "maxProperties",
];
const ARRAY_KEYWORDS = ["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"];
const STRING_KEYWORDS = ["minLength", "maxLength", "pattern", "format"];
const NUMBER_KEYWORDS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
];
/** OpenAPI's numeric formats: a schema with only `format: int32` still means a number. */
const NUMERIC_FORMATS: Readonly<Record<string, string>> = {
  int32: "integer",
  int64: "integer",
  float: "number",
  double: "number",
};

/** The type a schema without `type` implies from its keywords; `object` when nothing does. */
function inferType(s: Schema): string {
  const present = (keys: readonly string[]): boolean => keys.some((k) => has(s, k));
  if (present(OBJECT_KEYWORDS)) return "object";
  if (present(ARRAY_KEYWORDS)) return "array";
  const format = stringAt(s, "format") ?? "";
  if (Object.hasOwn(NUMERIC_FORMATS, format)) return NUMERIC_FORMATS[format]!;
  if (present(STRING_KEYWORDS)) return "string";
  if (present(NUMBER_KEYWORDS)) return "number";
  return "object";
}

/**
 * The types a value may take, in schema order: `type` as a string or an array (3.1 / JSON
 * Schema), else inferred; OpenAPI 3.0 `nullable: true` adds "null".
 */
export function typesOf(s: Schema): string[] {
  let types: string[] = [];
  if (typeof s.type === "string") types = [s.type];
  else if (Array.isArray(s.type)) types = s.type.filter((t) => typeof t === "string");
  if (types.length === 0) types = [inferType(s)];
  if (s.nullable === true && !types.includes("null")) types.push("null");
  return types;
}
