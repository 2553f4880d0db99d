import { describe, expect, it } from "vitest";
import { drawn, fixed, pointerResolver } from "../../../test/support/schema-generate.js";
import { seededRandom } from "../../common/index.js";

// Rules 8 and 9 (arrays, objects) and the recursion guard, through `generate`.

describe("rule 8: arrays", () => {
  it("shows one item in static mode unless minItems asks for more, within maxItems", () => {
    expect(fixed({ type: "array", items: { type: "integer" } })).toEqual([0]);
    expect(fixed({ type: "array", items: { type: "integer" }, minItems: 0 })).toEqual([0]);
    expect(fixed({ type: "array", items: { type: "boolean" }, minItems: 3 })).toEqual([
      true,
      true,
      true,
    ]);
    expect(fixed({ type: "array", items: { type: "integer" }, maxItems: 0 })).toEqual([]);
    expect(fixed({ type: "array" })).toEqual([{}]);
  });

  it("draws between minItems and min(maxItems, minItems + 3) items in dynamic mode", () => {
    const lengths = (s: object): Set<number> =>
      new Set(drawn(s, 300).map((v) => (v as unknown[]).length));
    expect(lengths({ type: "array", items: { type: "integer" } })).toEqual(new Set([0, 1, 2, 3]));
    expect(lengths({ type: "array", items: {}, minItems: 2 })).toEqual(new Set([2, 3, 4, 5]));
    expect(lengths({ type: "array", items: {}, minItems: 2, maxItems: 3 })).toEqual(
      new Set([2, 3]),
    );
  });

  it("fills tuples from prefixItems or draft-4 item arrays, extras only when allowed", () => {
    const prefixItems = [{ type: "string" }, { type: "integer" }];
    expect(fixed({ type: "array", prefixItems })).toEqual(["string", 0]);
    expect(fixed({ type: "array", prefixItems, items: false, minItems: 1 })).toEqual(["string", 0]);
    expect(fixed({ type: "array", prefixItems, items: { type: "boolean" }, minItems: 3 })).toEqual([
      "string",
      0,
      true,
    ]);
    expect(fixed({ type: "array", items: prefixItems, additionalItems: false })).toEqual([
      "string",
      0,
    ]);
    expect(fixed({ type: "array", prefixItems, maxItems: 1 })).toEqual(["string"]);
    for (const v of drawn({ type: "array", prefixItems }, 50)) {
      expect(v).toHaveLength(2);
      expect(typeof (v as unknown[])[0]).toBe("string");
    }
  });

  it("makes items unique when uniqueItems asks, in static mode too", () => {
    const ints = fixed({
      type: "array",
      items: { type: "integer" },
      minItems: 5,
      uniqueItems: true,
    });
    expect(new Set(ints as number[]).size).toBe(5);
    expect((ints as number[])[0]).toBe(0);
    const colours = { type: "string", enum: ["red", "green", "blue"] };
    const all = fixed({ type: "array", items: colours, minItems: 3, uniqueItems: true });
    expect(new Set(all as string[])).toEqual(new Set(["red", "green", "blue"]));
    for (const v of drawn({ type: "array", items: colours, minItems: 2, uniqueItems: true }, 50))
      expect(new Set(v as string[]).size).toBe((v as string[]).length);
  });

  it("ends a unique array early when the items cannot be told apart", () => {
    const v = fixed({ type: "array", items: { type: "boolean" }, minItems: 4, uniqueItems: true });
    expect(v).toEqual([true, false]);
  });

  it("keeps static unique arrays independent of the seed", () => {
    const schema = { type: "array", items: { type: "integer" }, minItems: 4, uniqueItems: true };
    expect(fixed(schema, { random: seededRandom(5) })).toEqual(fixed(schema));
  });
});

describe("rule 9: objects", () => {
  const schema = {
    type: "object",
    required: ["c", "a"],
    properties: { a: { type: "integer" }, b: { type: "boolean" }, c: { type: "string" } },
  };

  it("has every property in static mode, required ones first in schema order", () => {
    const value = fixed(schema) as Record<string, unknown>;
    expect(value).toEqual({ a: 0, b: true, c: "string" });
    expect(Object.keys(value)).toEqual(["a", "c", "b"]);
  });

  it("always has required properties in dynamic mode, optional ones about half the time", () => {
    const values = drawn(schema, 400) as Record<string, unknown>[];
    for (const v of values) expect(Object.keys(v).slice(0, 2)).toEqual(["a", "c"]);
    const withB = values.filter((v) => "b" in v).length;
    expect(withB).toBeGreaterThan(140);
    expect(withB).toBeLessThan(260);
  });

  it("drops readOnly properties from requests and writeOnly ones from responses", () => {
    const doc = { Id: { type: "integer", readOnly: true } };
    const user = {
      type: "object",
      required: ["id", "password"],
      properties: {
        id: { $ref: "#/Id" },
        created: { allOf: [{ type: "string" }, { readOnly: true }] },
        password: { type: "string", writeOnly: true },
        name: { type: "string" },
      },
    };
    const resolveRef = pointerResolver(doc);
    expect(fixed(user, { resolveRef })).toEqual({ id: 0, created: "string", name: "string" });
    expect(fixed(user, { resolveRef, direction: "request" })).toEqual({
      password: "string",
      name: "string",
    });
    for (const v of drawn(user, 50, { resolveRef, direction: "request" }))
      expect(Object.keys(v as object)).not.toContain("id");
  });

  it("adds no extra keys for additionalProperties in static mode, a few in dynamic mode", () => {
    const map = { type: "object", additionalProperties: { type: "integer", minimum: 1 } };
    expect(fixed(map)).toEqual({});
    const sizes = new Set<number>();
    for (const v of drawn(map, 100) as Record<string, number>[]) {
      sizes.add(Object.keys(v).length);
      for (const [k, n] of Object.entries(v)) {
        expect(k).toMatch(/^additionalProp\d$/);
        expect(n).toBeGreaterThanOrEqual(1);
      }
    }
    expect(sizes).toEqual(new Set([0, 1, 2]));
  });

  it("meets minProperties and maxProperties", () => {
    const extra = { type: "object", properties: { a: { type: "integer" } }, minProperties: 3 };
    expect(fixed(extra)).toEqual({ a: 0, additionalProp1: {}, additionalProp2: {} });
    expect(fixed({ ...extra, additionalProperties: false })).toEqual({ a: 0 });
    expect(fixed({ ...schema, maxProperties: 2 })).toEqual({ a: 0, c: "string" });
    for (const v of drawn({ ...schema, minProperties: 3 }, 30))
      expect(Object.keys(v as object)).toHaveLength(3);
  });

  it("sets a property named __proto__ as an own key, not the prototype", () => {
    const schema: unknown = JSON.parse(
      '{"type":"object","required":["__proto__"],"properties":{"__proto__":{"type":"string"}}}',
    );
    const value = fixed(schema) as object;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toBe("string");
  });

  it("takes required names missing from properties from additionalProperties, skips false", () => {
    const s = {
      type: "object",
      required: ["x"],
      properties: { never: false },
      additionalProperties: { type: "boolean" },
    };
    expect(fixed(s)).toEqual({ x: true });
  });
});

describe("recursion guard", () => {
  const tree = {
    components: {
      schemas: {
        Node: {
          type: "object",
          required: ["id", "children"],
          properties: {
            id: { type: "integer" },
            label: { type: "string" },
            children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
          },
        },
        Person: {
          type: "object",
          required: ["name", "manager"],
          properties: {
            name: { type: "string" },
            manager: { allOf: [{ $ref: "#/components/schemas/Person" }], nullable: true },
          },
        },
      },
    },
  };
  const treeRefs = pointerResolver(tree);
  const node = { $ref: "#/components/schemas/Node" };

  /** Levels of objects and arrays in `value`. */
  function depthOf(value: unknown): number {
    if (typeof value !== "object" || value === null) return 0;
    const children = Object.values(value);
    return 1 + Math.max(0, ...children.map(depthOf));
  }

  it("ends a circular tree at maxDepth: optional parts dropped, required ones stubbed", () => {
    expect(fixed(node, { resolveRef: treeRefs, maxDepth: 2 })).toEqual({
      id: 0,
      label: "string",
      children: [{ id: 0, children: [] }],
    });
    const deep = fixed(node, { resolveRef: treeRefs });
    // Containers at depths 0..8 (the last one shrunk), then its stub [] one level below.
    expect(depthOf(deep)).toBe(10);
  });

  it("terminates in dynamic mode for any seed", () => {
    for (const value of drawn(node, 50, { resolveRef: treeRefs }))
      expect(depthOf(value)).toBeLessThanOrEqual(10);
  });

  it("stubs a required nullable reference as null", () => {
    let value = fixed(
      { $ref: "#/components/schemas/Person" },
      { resolveRef: treeRefs, maxDepth: 3 },
    );
    const chain: unknown[] = [];
    while (typeof value === "object" && value !== null) {
      chain.push(value);
      value = (value as { manager: unknown }).manager;
    }
    expect(chain).toHaveLength(4);
    expect(value).toBeNull();
  });

  it("with maxDepth 0 keeps only the root's required properties", () => {
    expect(fixed(node, { resolveRef: treeRefs, maxDepth: 0 })).toEqual({ id: 0, children: [] });
  });

  it("rejects a bad maxDepth", () => {
    expect(() => fixed({}, { maxDepth: -1 })).toThrow(TypeError);
    expect(() => fixed({}, { maxDepth: 1.5 })).toThrow(TypeError);
  });
});
