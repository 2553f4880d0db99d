import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePointer, resolvePointer } from "./json-pointer.js";

describe("JSON pointers", () => {
  it("parses fragment pointers with escapes", () => {
    expect(parsePointer("#/components/schemas/Order")).toEqual(["components", "schemas", "Order"]);
    expect(parsePointer("#/paths/~1orders~1{id}/get")).toEqual(["paths", "/orders/{id}", "get"]);
    expect(parsePointer("#/a~0b/c%20d")).toEqual(["a~b", "c d"]);
    expect(parsePointer("#")).toEqual([]);
    expect(parsePointer("")).toEqual([]);
    expect(parsePointer("#components")).toBeUndefined();
    expect(parsePointer("#/%E0%A4%A")).toBeUndefined();
  });

  it("resolves through objects and arrays, and reports what is missing", () => {
    const doc = { a: { b: [10, { c: null }] } };
    expect(resolvePointer(doc, ["a", "b", "1", "c"])).toEqual({ found: true, value: null });
    expect(resolvePointer(doc, ["a", "b", "2"]).found).toBe(false);
    expect(resolvePointer(doc, ["a", "b", "01"]).found).toBe(false);
    expect(resolvePointer(doc, ["a", "x"]).found).toBe(false);
    expect(resolvePointer(doc, ["a", "toString"]).found).toBe(false);
  });

  it("finds every value at the pointer built from its own path (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        (keys) => {
          let doc: unknown = "leaf";
          for (const k of [...keys].reverse()) doc = { [k]: doc };
          const pointer =
            "#/" +
            keys
              .map((k) => encodeURIComponent(k.replace(/~/g, "~0").replace(/\//g, "~1")))
              .join("/");
          const tokens = parsePointer(pointer);
          expect(tokens).toEqual(keys);
          expect(resolvePointer(doc, tokens ?? [])).toEqual({ found: true, value: "leaf" });
        },
      ),
    );
  });
});
