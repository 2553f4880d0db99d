import { describe, expect, it, vi } from "vitest";
import { drawn, fixed, pointerResolver } from "../../../test/support/schema-generate.js";
import { seededRandom } from "../../common/index.js";

const DOC = {
  components: {
    schemas: {
      Id: { type: "string", format: "uuid", example: "pet-1" },
      Pet: {
        type: "object",
        required: ["id", "name"],
        properties: { id: { $ref: "#/components/schemas/Id" }, name: { type: "string" } },
      },
      Alias: { $ref: "#/components/schemas/Id" },
      LoopA: { $ref: "#/components/schemas/LoopB" },
      LoopB: { $ref: "#/components/schemas/LoopA" },
      SelfAllOf: { allOf: [{ $ref: "#/components/schemas/SelfAllOf" }] },
    },
  },
};
const resolveRef = pointerResolver(DOC);

describe("rule 1: $ref", () => {
  it("generates from the schema a ref names, nested refs too", () => {
    expect(fixed({ $ref: "#/components/schemas/Pet" }, { resolveRef })).toEqual({
      id: "pet-1",
      name: "string",
    });
    expect(fixed({ $ref: "#/components/schemas/Alias" }, { resolveRef })).toBe("pet-1");
  });

  it("merges sibling keywords over the resolved schema", () => {
    const schema = { $ref: "#/components/schemas/Id", example: "other" };
    expect(fixed(schema, { resolveRef })).toBe("other");
    const pet = { $ref: "#/components/schemas/Pet", properties: { age: { type: "integer" } } };
    expect(fixed(pet, { resolveRef })).toEqual({ id: "pet-1", name: "string", age: 0 });
  });

  it("passes the resolver the object the ref was written in, along a chain too", () => {
    const spy = vi.fn(resolveRef);
    const outer = { $ref: "#/components/schemas/Alias", description: "x" };
    fixed(outer, { resolveRef: spy });
    expect(spy.mock.calls).toEqual([
      ["#/components/schemas/Alias", outer],
      ["#/components/schemas/Id", DOC.components.schemas.Alias],
    ]);
  });

  it("lets the resolver's error through, and stops on refs that only point at each other", () => {
    expect(() => fixed({ $ref: "#/nope" }, { resolveRef })).toThrow("cannot resolve #/nope");
    expect(() => fixed({ $ref: "#/components/schemas/LoopA" }, { resolveRef })).toThrow(TypeError);
    expect(() => fixed({ $ref: "#/components/schemas/SelfAllOf" }, { resolveRef })).toThrow(
      /circular/,
    );
  });
});

describe("rule 2: examples, defaults, const, enum", () => {
  it("prefers example, then examples[0], default, const, enum[0] in static mode", () => {
    const all = { type: "string", example: "e", examples: ["x"], default: "d", const: "c" };
    expect(fixed({ ...all, enum: ["n"] })).toBe("e");
    expect(fixed({ ...all, example: undefined })).toBe("x");
    expect(fixed({ ...all, example: undefined, examples: [] })).toBe("d");
    expect(fixed({ ...all, example: undefined, examples: undefined, default: undefined })).toBe(
      "c",
    );
    expect(fixed({ type: "string", const: "c", enum: ["n"] })).toBe("c");
    expect(fixed({ type: "string", enum: ["n", "m"] })).toBe("n");
    expect(fixed({ type: "integer", example: null, nullable: true })).toBeNull();
  });

  it("returns a copy of the example, so callers cannot change the schema", () => {
    const schema = { type: "object", example: { tags: ["a"] } };
    const value = fixed(schema) as { tags: string[] };
    value.tags.push("b");
    expect(schema.example.tags).toEqual(["a"]);
  });

  it("ignores examples and defaults in dynamic mode, but always honours const and enum", () => {
    for (const v of drawn({ type: "integer", example: 500, default: 600, minimum: 1000 }, 50))
      expect(v).toBeGreaterThanOrEqual(1000);
    expect(new Set(drawn({ type: "string", example: "e", const: "c" }, 20))).toEqual(
      new Set(["c"]),
    );
    const values = new Set(drawn({ type: "string", enum: ["a", "b", "c", null] }, 100));
    expect(values).toEqual(new Set(["a", "b", "c", null]));
  });
});

describe("rule 3: allOf, oneOf, anyOf", () => {
  it("merges allOf members: properties, required, bounds, type", () => {
    const schema = {
      allOf: [
        { $ref: "#/components/schemas/Pet" },
        { type: "object", required: ["age"], properties: { age: { type: "number", minimum: 3 } } },
        { properties: { age: { type: "integer", exclusiveMaximum: 9 } } },
      ],
    };
    expect(fixed(schema, { resolveRef })).toEqual({ id: "pet-1", name: "string", age: 3 });
    for (const v of drawn(schema, 100, { resolveRef }) as { age: number }[]) {
      expect(Number.isInteger(v.age)).toBe(true);
      expect(v.age).toBeGreaterThanOrEqual(3);
      expect(v.age).toBeLessThan(9);
    }
  });

  it("merges primitive members' bounds and formats", () => {
    const schema = {
      allOf: [
        { type: "string", minLength: 12 },
        { format: "date", maxLength: 12 },
      ],
    };
    expect(fixed(schema)).toBe("2026-01-0120");
    expect(fixed({ allOf: [{ minimum: 5 }, { maximum: 10, multipleOf: 4 }] })).toBe(8);
  });

  it("drops members' examples when several build an object, keeps a lone member's", () => {
    const pet = { type: "object", properties: { a: { type: "integer" } }, example: { a: 7 } };
    expect(fixed({ allOf: [pet, { properties: { b: { type: "boolean" } } }] })).toEqual({
      a: 0,
      b: true,
    });
    expect(fixed({ allOf: [pet], description: "wrapped" })).toEqual({ a: 7 });
    expect(fixed({ allOf: [{ type: "string", example: "s" }, { minLength: 1 }] })).toBe("s");
  });

  it("takes the first oneOf / anyOf member in static mode, a random one in dynamic mode", () => {
    const schema = { oneOf: [{ type: "string" }, { type: "integer" }, { type: "boolean" }] };
    expect(fixed(schema)).toBe("string");
    expect(fixed({ anyOf: schema.oneOf })).toBe("string");
    const kinds = new Set(drawn(schema, 100).map((v) => typeof v));
    expect(kinds).toEqual(new Set(["string", "number", "boolean"]));
  });

  it("merges the schema's own keywords into the chosen member", () => {
    const schema = {
      type: "object",
      required: ["kind"],
      properties: { kind: { type: "string" } },
      oneOf: [{ $ref: "#/components/schemas/Pet" }],
    };
    expect(fixed(schema, { resolveRef })).toEqual({ kind: "string", id: "pet-1", name: "string" });
  });
});

describe("rule 4: type", () => {
  it("takes the first non-null type of a type array in static mode", () => {
    expect(fixed({ type: ["null", "integer"] })).toBe(0);
    expect(fixed({ type: ["string", "null"] })).toBe("string");
    expect(fixed({ type: ["null"] })).toBeNull();
    expect(fixed({ type: "null" })).toBeNull();
  });

  it("never forces null for nullable in static mode; dynamic mode sometimes gives null", () => {
    expect(fixed({ type: "string", nullable: true })).toBe("string");
    const values = drawn({ type: "integer", nullable: true }, 100);
    expect(values).toContain(null);
    expect(values.some((v) => typeof v === "number")).toBe(true);
    expect(new Set(drawn({ type: ["boolean", "null"] }, 100))).toEqual(
      new Set([true, false, null]),
    );
  });

  it("infers a missing type from the keywords", () => {
    expect(fixed({ properties: { a: { minimum: 2 } } })).toEqual({ a: 2 });
    expect(fixed({ items: { maxLength: 2 } })).toEqual(["st"]);
    expect(fixed({ format: "int64" })).toBe(0);
    expect(fixed({ format: "constructor" })).toBe("string");
    expect(fixed({ pattern: "^z$" })).toBe("z");
    expect(fixed({ exclusiveMinimum: 0.5 })).toBe(1);
    expect(fixed({})).toEqual({});
    expect(fixed(true)).toEqual({});
    expect(fixed({ description: "anything" })).toEqual({});
  });

  it("treats an unknown type (Swagger 2 'file') as a string", () => {
    expect(fixed({ type: "file" })).toBe("string");
  });
});

describe("rule 7: boolean", () => {
  it("is true in static mode and random in dynamic mode", () => {
    expect(fixed({ type: "boolean" })).toBe(true);
    expect(new Set(drawn({ type: "boolean" }, 50))).toEqual(new Set([true, false]));
  });
});

describe("rule 10: determinism", () => {
  const schema = {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      n: { type: "number", minimum: -5, maximum: 5 },
      tags: { type: "array", items: { type: "string", pattern: "^[a-z]{2,6}$" } },
      kind: { oneOf: [{ type: "string", enum: ["a", "b"] }, { type: "integer" }] },
      flag: { type: ["boolean", "null"] },
    },
  };

  it("gives the same value for the same seed, and different values for others", () => {
    const run = (seed: number): unknown =>
      fixed(schema, { mode: "dynamic", random: seededRandom(seed) });
    for (let seed = 0; seed < 20; seed++) expect(run(seed)).toEqual(run(seed));
    expect(new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(run(seed)))).size).toBe(
      20,
    );
  });

  it("does not depend on the seed, nor draw from random, in static mode", () => {
    let draws = 0;
    const counting = { next: () => (draws++, 0.5) };
    const value = fixed(schema, { random: counting });
    expect(draws).toBe(0);
    expect(fixed(schema, { random: seededRandom(77) })).toEqual(value);
  });
});

describe("errors", () => {
  it("rejects what is not a schema", () => {
    expect(() => fixed(false)).toThrow(/admits no value/);
    expect(() => fixed(42)).toThrow(TypeError);
    expect(() => fixed(null)).toThrow(TypeError);
    expect(() => fixed([{ type: "string" }])).toThrow(TypeError);
  });
});
