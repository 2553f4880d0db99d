import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { describe, quote, suggest } from "./problem-text.js";

group("problem text", () => {
  it("describes any value in a few words", () => {
    expect(describe("x")).toBe('"x"');
    expect(describe(-3)).toBe("-3");
    expect(describe(Number.NaN)).toBe("NaN");
    expect(describe(10n)).toBe("10n");
    expect(describe(undefined)).toBe("nothing");
    expect(describe(null)).toBe("null");
    expect(describe(Symbol("s"))).toBe("a symbol");
    expect(describe(() => 1)).toBe("a function");
    expect(describe([1])).toBe("a list");
    expect(describe(Object.create(null))).toBe("an object");
  });

  it("never throws and stays short", () => {
    fc.assert(fc.property(fc.anything(), (value) => describe(value).length <= 70));
  });

  it("quotes long strings shortened", () => {
    expect(quote("a".repeat(100))).toBe(`"${"a".repeat(60)}…"`);
  });

  it("suggests only for short input", () => {
    expect(suggest("defualt", ["default"])).toBe("; did you mean 'default'?");
    expect(suggest("zzz", ["default"])).toBe("");
    expect(suggest("x".repeat(61), ["x".repeat(60)])).toBe("");
  });
});
