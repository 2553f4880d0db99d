import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../common/index.js";
import { generate, type GenerateMode } from "./generate.js";

// Property: for random simple schemas, every generated value satisfies them. The checker below
// covers exactly the keywords the arbitraries produce (no ajv: a dozen rules suffice).

type S = Record<string, unknown>;

const FORMATS: Readonly<Record<string, RegExp>> = {
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  "date-time": /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/,
  email: /^[^@\s]+@[^@\s]+\.[a-z]+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  ipv4: /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/,
};
const PATTERNS = ["^[a-z]{2,5}$", "^[A-Z]{2}-\\d{3}$", "^(red|green|blue)$", "^\\w+@\\w+\\.io$"];

/** Why `value` fails `schema`, one line per failure; empty when it satisfies it. */
function check(schema: S, value: unknown, path = "$"): string[] {
  const fail = (why: string): string[] => [`${path}: ${why} (${JSON.stringify(value)})`];
  if (value === null) return schema.nullable === true ? [] : fail("null");
  const n = (key: string): number | undefined => schema[key] as number | undefined;
  switch (schema.type) {
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return fail("not an integer");
      const errors: string[] = [];
      // Draft 6+: exclusiveMinimum is the bound; draft 4 / OpenAPI 3.0: a flag on minimum.
      const lowEx = schema.exclusiveMinimum !== undefined && schema.exclusiveMinimum !== false;
      const low =
        typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : n("minimum");
      const highEx = schema.exclusiveMaximum !== undefined && schema.exclusiveMaximum !== false;
      const high =
        typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : n("maximum");
      if (low !== undefined && (lowEx ? value <= low : value < low)) errors.push("below");
      if (high !== undefined && (highEx ? value >= high : value > high)) errors.push("above");
      const m = n("multipleOf");
      if (m !== undefined && value % m !== 0) errors.push(`not a multiple of ${m}`);
      return errors.flatMap(fail);
    }
    case "string": {
      if (typeof value !== "string") return fail("not a string");
      const length = Array.from(value).length;
      const errors: string[] = [];
      if (length < (n("minLength") ?? 0)) errors.push("too short");
      if (length > (n("maxLength") ?? Infinity)) errors.push("too long");
      const format = schema.format as string | undefined;
      if (format !== undefined && !FORMATS[format]!.test(value)) errors.push(`not a ${format}`);
      const pattern = schema.pattern as string | undefined;
      if (pattern !== undefined && !new RegExp(pattern).test(value)) errors.push("no match");
      return errors.flatMap(fail);
    }
    case "array": {
      if (!Array.isArray(value)) return fail("not an array");
      const errors = value.flatMap((item, i) => check(schema.items as S, item, `${path}[${i}]`));
      if (value.length < (n("minItems") ?? 0)) errors.push(...fail("too few items"));
      if (value.length > (n("maxItems") ?? Infinity)) errors.push(...fail("too many items"));
      return errors;
    }
    default: {
      if (typeof value !== "object" || Array.isArray(value)) return fail("not an object");
      const properties = schema.properties as Record<string, S>;
      const record = value as Record<string, unknown>;
      const errors = (schema.required as string[])
        .filter((name) => !(name in record))
        .flatMap((name) => fail(`missing ${name}`));
      for (const [name, v] of Object.entries(record)) {
        if (properties[name] === undefined) errors.push(...fail(`unexpected ${name}`));
        else errors.push(...check(properties[name], v, `${path}.${name}`));
      }
      return errors;
    }
  }
}

const boundStyle = fc.constantFrom("none", "inclusive", "draft4", "draft6");

/** Integers with satisfiable bounds in any style: the range always holds a multiple. */
const integerArb = fc
  .record({
    lo: fc.integer({ min: -1000, max: 1000 }),
    width: fc.integer({ min: 0, max: 200 }),
    lower: boundStyle,
    upper: boundStyle,
    multipleOf: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  })
  .map(({ lo, width, lower, upper, multipleOf }): S => {
    const hi = lo + width + 2 * (multipleOf ?? 1) + 2;
    const s: S = { type: "integer" };
    if (lower !== "none") s[lower === "draft6" ? "exclusiveMinimum" : "minimum"] = lo;
    if (lower === "draft4") s.exclusiveMinimum = true;
    if (upper !== "none") s[upper === "draft6" ? "exclusiveMaximum" : "maximum"] = hi;
    if (upper === "draft4") s.exclusiveMaximum = true;
    if (multipleOf !== undefined) s.multipleOf = multipleOf;
    return s;
  });

const stringArb = fc.oneof(
  fc
    .record({ min: fc.option(fc.nat(20)), extra: fc.option(fc.nat(20)) })
    .map(({ min, extra }): S => {
      const s: S = { type: "string" };
      if (min !== null) s.minLength = min;
      if (extra !== null) s.maxLength = (min ?? 0) + extra;
      return s;
    }),
  fc.constantFrom(...Object.keys(FORMATS)).map((format): S => ({ type: "string", format })),
  fc.constantFrom(...PATTERNS).map((pattern): S => ({ type: "string", pattern })),
);

const leafArb = fc
  .tuple(fc.oneof(integerArb, stringArb), fc.boolean())
  .map(([s, nullable]) => (nullable ? { ...s, nullable } : s));

const { schema: schemaArb } = fc.letrec<{ schema: S; array: S; object: S }>((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArb,
    tie("array"),
    tie("object"),
  ),
  array: fc
    .record({ items: tie("schema"), min: fc.option(fc.nat(4)), extra: fc.option(fc.nat(3)) })
    .map(({ items, min, extra }): S => {
      const s: S = { type: "array", items };
      if (min !== null) s.minItems = min;
      if (extra !== null) s.maxItems = (min ?? 0) + extra;
      return s;
    }),
  object: fc
    .dictionary(fc.constantFrom("a", "b", "c", "d"), tie("schema"), { maxKeys: 4 })
    .chain((properties) =>
      fc
        .subarray(Object.keys(properties))
        .map((required): S => ({ type: "object", properties, required })),
    ),
}));

describe("generate satisfies random simple schemas (property)", () => {
  it.each<GenerateMode>(["static", "dynamic"])("in %s mode", (mode) => {
    fc.assert(
      fc.property(schemaArb, fc.nat(), (schema, seed) => {
        const value = generate(schema, {
          mode,
          random: seededRandom(seed),
          resolveRef: () => ({}),
          direction: "response",
        });
        expect(check(schema, value), JSON.stringify(schema)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("the checker itself finds violations", () => {
    const s: S = { type: "integer", minimum: 3, exclusiveMaximum: 5, multipleOf: 2 };
    expect(check(s, 4)).toEqual([]);
    expect(check(s, 1)).toHaveLength(2);
    expect(check({ type: "integer", minimum: 3, exclusiveMinimum: true }, 3)).toHaveLength(1);
    expect(check({ type: "string", pattern: "^a$", maxLength: 0 }, "b")).toHaveLength(2);
    const o: S = { type: "object", properties: { a: { type: "integer" } }, required: ["a"] };
    expect(check(o, { b: 1 })).toHaveLength(2);
    expect(check({ type: "array", items: o, minItems: 1 }, [])).toHaveLength(1);
  });
});
