import { describe, expect, it } from "vitest";
import { mergeSchemas, toNumericExclusives } from "./merge.js";

describe("mergeSchemas", () => {
  it("unites properties and required, nesting a property both sides define as allOf", () => {
    const a = { type: "object", required: ["id"], properties: { id: { type: "integer" } } };
    const b = {
      required: ["id", "name"],
      properties: { name: { type: "string" }, id: { minimum: 1 } },
    };
    expect(mergeSchemas(a, b, "first")).toEqual({
      type: "object",
      required: ["id", "name"],
      properties: {
        id: { allOf: [{ type: "integer" }, { minimum: 1 }] },
        name: { type: "string" },
      },
    });
  });

  it("tightens bounds on both sides", () => {
    expect(
      mergeSchemas(
        { minimum: 1, maximum: 100, minLength: 2, maxItems: 9 },
        { minimum: 5, maximum: 50, minLength: 1, maxItems: 3 },
        "first",
      ),
    ).toEqual({ minimum: 5, maximum: 50, minLength: 2, maxItems: 3 });
  });

  it("merges boolean exclusive bounds by turning them into the numeric form first", () => {
    expect(
      mergeSchemas({ minimum: 3, exclusiveMinimum: true }, { exclusiveMinimum: 2 }, "first"),
    ).toEqual({ exclusiveMinimum: 3 });
    expect(toNumericExclusives({ maximum: 4, exclusiveMaximum: false })).toEqual({ maximum: 4 });
  });

  it("intersects types (integer within number) and enums", () => {
    expect(mergeSchemas({ type: ["number", "null"] }, { type: "integer" }, "first").type).toBe(
      "integer",
    );
    expect(
      mergeSchemas({ type: ["string", "null"] }, { type: ["null", "string"] }, "first").type,
    ).toEqual(["string", "null"]);
    expect(mergeSchemas({ enum: ["a", "b", "c"] }, { enum: ["c", "b"] }, "first").enum).toEqual([
      "b",
      "c",
    ]);
  });

  it("takes the winner's value when a combination comes out empty", () => {
    expect(mergeSchemas({ type: "string" }, { type: "integer" }, "first").type).toBe("string");
    expect(mergeSchemas({ type: "string" }, { type: "integer" }, "second").type).toBe("integer");
    expect(mergeSchemas({ enum: [1] }, { enum: [2] }, "second").enum).toEqual([2]);
  });

  it("lets the winner supply keywords that cannot be combined", () => {
    const a = { format: "date", description: "a", example: "x" };
    const b = { format: "email", description: "b" };
    expect(mergeSchemas(a, b, "first")).toEqual(a);
    expect(mergeSchemas(a, b, "second")).toEqual({ ...b, example: "x" });
  });

  it("uses a common multiple for multipleOf, also for fractions", () => {
    expect(mergeSchemas({ multipleOf: 4 }, { multipleOf: 6 }, "first").multipleOf).toBe(12);
    expect(mergeSchemas({ multipleOf: 0.5 }, { multipleOf: 0.75 }, "first").multipleOf).toBe(1.5);
  });

  it("sets flags either side sets, and additionalProperties false wins", () => {
    const m = mergeSchemas(
      { nullable: true, additionalProperties: { type: "string" } },
      { readOnly: true, nullable: false, additionalProperties: false },
      "first",
    );
    expect(m).toEqual({ nullable: true, readOnly: true, additionalProperties: false });
  });

  it("concatenates allOf and keeps both sets of alternatives", () => {
    const a = { allOf: [{ minimum: 1 }], oneOf: [{ type: "string" }] };
    const b = { allOf: [{ maximum: 2 }], oneOf: [{ type: "integer" }] };
    expect(mergeSchemas(a, b, "first")).toEqual({
      allOf: [{ minimum: 1 }, { maximum: 2 }, { oneOf: [{ type: "integer" }] }],
      oneOf: [{ type: "string" }],
    });
  });

  it("combines item schemas as allOf", () => {
    expect(
      mergeSchemas({ items: { type: "string" } }, { items: { maxLength: 3 } }, "first"),
    ).toEqual({ items: { allOf: [{ type: "string" }, { maxLength: 3 }] } });
  });

  it("treats keys named like Object.prototype members as plain keywords", () => {
    expect(mergeSchemas({ constructor: 1 }, { constructor: 2 }, "second")).toEqual({
      constructor: 2,
    });
  });
});
