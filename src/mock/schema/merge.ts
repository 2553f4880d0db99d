import { canonicalJson, isSchemaObject, setOwn, type Schema } from "./keywords.js";

/** Which side supplies the keywords that cannot be combined. */
export type MergeWinner = "first" | "second";

/** Keywords whose tighter value wins: the larger lower bound, the smaller upper bound. */
const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];
/** Flags true when either side sets them. */
const FLAGS = ["nullable", "readOnly", "writeOnly", "uniqueItems", "deprecated"];
/** The largest decimal scale used to find a common multiple of fractional multipleOf values. */
const MAX_MULTIPLE_DECIMALS = 10;

type Combiner = (a: unknown, b: unknown) => unknown;

function typeList(t: unknown): string[] {
  if (typeof t === "string") return [t];
  return Array.isArray(t) ? t.filter((x) => typeof x === "string") : [];
}

function intersectTypes(a: unknown, b: unknown): unknown {
  const right = typeList(b);
  const out: string[] = [];
  for (const t of typeList(a)) {
    // An integer is a number, so integer ∩ number = integer.
    const met = right.includes(t)
      ? t
      : (t === "integer" && right.includes("number")) ||
          (t === "number" && right.includes("integer"))
        ? "integer"
        : undefined;
    if (met !== undefined && !out.includes(met)) out.push(met);
  }
  if (out.length === 0) return undefined;
  return out.length === 1 ? out[0] : out;
}

function unionProperties(a: unknown, b: unknown): unknown {
  if (!isSchemaObject(a) || !isSchemaObject(b)) return undefined;
  const out: Record<string, unknown> = { ...a };
  for (const [name, schema] of Object.entries(b))
    setOwn(out, name, Object.hasOwn(a, name) ? { allOf: [a[name], schema] } : schema);
  return out;
}

function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

function unionLists(a: unknown, b: unknown): unknown {
  if (!isList(a) || !isList(b)) return undefined;
  return [...new Set([...a, ...b])];
}

function intersectEnums(a: unknown, b: unknown): unknown {
  if (!isList(a) || !isList(b)) return undefined;
  const right = new Set(b.map(canonicalJson));
  const out = a.filter((v) => right.has(canonicalJson(v)));
  return out.length === 0 ? undefined : out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The least common multiple, scaled to integers for fractional values (0.5 and 0.75 → 1.5). */
function commonMultiple(a: unknown, b: unknown): unknown {
  if (typeof a !== "number" || typeof b !== "number" || !(a > 0) || !(b > 0)) return undefined;
  for (let d = 0; d <= MAX_MULTIPLE_DECIMALS; d++) {
    const scale = 10 ** d;
    const [x, y] = [a * scale, b * scale];
    if (Math.abs(x - Math.round(x)) > 1e-9 || Math.abs(y - Math.round(y)) > 1e-9) continue;
    const [i, j] = [Math.round(x), Math.round(y)];
    const lcm = (i / gcd(i, j)) * j;
    return Number.isSafeInteger(lcm) ? lcm / scale : undefined;
  }
  return undefined;
}

function bothSchemas(a: unknown, b: unknown): unknown {
  return isSchemaObject(a) && isSchemaObject(b) ? { allOf: [a, b] } : undefined;
}

const COMBINERS: Readonly<Record<string, Combiner>> = {
  type: intersectTypes,
  properties: unionProperties,
  required: unionLists,
  enum: intersectEnums,
  multipleOf: commonMultiple,
  items: bothSchemas,
  allOf: (a, b) => (isList(a) && isList(b) ? [...a, ...b] : undefined),
  additionalProperties: (a, b) => (a === false || b === false ? false : undefined),
  ...Object.fromEntries(
    LOWER_BOUNDS.map((k): [string, Combiner] => [k, (a, b) => numeric(Math.max, a, b)]),
  ),
  ...Object.fromEntries(
    UPPER_BOUNDS.map((k): [string, Combiner] => [k, (a, b) => numeric(Math.min, a, b)]),
  ),
  ...Object.fromEntries(
    FLAGS.map((k): [string, Combiner] => [k, (a, b) => a === true || b === true]),
  ),
};

function numeric(pick: (x: number, y: number) => number, a: unknown, b: unknown): unknown {
  return typeof a === "number" && typeof b === "number" ? pick(a, b) : undefined;
}

/** Draft-4 / OpenAPI 3.0 boolean exclusive bounds in the numeric draft-6 form, so they merge. */
export function toNumericExclusives(s: Schema): Schema {
  if (typeof s.exclusiveMinimum !== "boolean" && typeof s.exclusiveMaximum !== "boolean") return s;
  const out: Record<string, unknown> = { ...s };
  for (const [ex, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof out[ex] !== "boolean") continue;
    if (out[ex] === true && typeof out[bound] === "number") {
      out[ex] = out[bound];
      delete out[bound];
    } else delete out[ex];
  }
  return out;
}

/**
 * Combines two schemas into one that asks for both, as `allOf` does: properties and required
 * are united, bounds tightened, types and enums intersected, nested schemas met on the same key
 * become an `allOf` of both (left for the generator to merge lazily, which keeps every `$ref`
 * on an object the caller's resolver knows). Keywords that cannot be combined, and combinations
 * that come out empty (disjoint types or enums), come from the winning side.
 */
export function mergeSchemas(first: Schema, second: Schema, winner: MergeWinner): Schema {
  const a = toNumericExclusives(first);
  const b = toNumericExclusives(second);
  const [win, lose] = winner === "first" ? [a, b] : [b, a];
  const out: Record<string, unknown> = { ...lose, ...win };
  for (const key of Object.keys(out)) {
    if (!Object.hasOwn(COMBINERS, key) || !Object.hasOwn(a, key) || !Object.hasOwn(b, key))
      continue;
    const combined = COMBINERS[key]!(a[key], b[key]);
    if (combined !== undefined) out[key] = combined;
  }
  // Two sets of alternatives both apply: the loser's move into allOf.
  for (const key of ["oneOf", "anyOf"] as const) {
    if (Object.hasOwn(a, key) && Object.hasOwn(b, key))
      out.allOf = [...(isList(out.allOf) ? out.allOf : []), { [key]: lose[key] }];
  }
  return out;
}
