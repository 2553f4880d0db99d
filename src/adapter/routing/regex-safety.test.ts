import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileHeaderRegex, findNestedQuantifier } from "./regex-safety.js";

describe("findNestedQuantifier", () => {
  it("finds a repeated group that holds a repeat", () => {
    expect(findNestedQuantifier("(a+)+")).toBe("(a+)+");
    expect(findNestedQuantifier("^(a*)*$")).toBe("(a*)*");
    expect(findNestedQuantifier("x(?:\\d+){2,}")).toBe("(?:\\d+){2,}");
    expect(findNestedQuantifier("((ab)*c)+")).toBe("((ab)*c)+");
    expect(findNestedQuantifier("([a-z]+)*?")).toBe("([a-z]+)*?");
    expect(findNestedQuantifier("(x{2,5})+")).toBe("(x{2,5})+");
    expect(findNestedQuantifier("(a+){3}")).toBe("(a+){3}");
  });

  it("accepts ordinary patterns", () => {
    for (const pattern of [
      "v2",
      "^v[0-9]+$",
      "(beta|canary)-\\d+",
      "(a+)?",
      "(ab)+",
      "(a){1}",
      "a{2,}b+",
      "[(+)]+",
      "\\(a+\\)+",
      "(a{1})+",
      "x{,3}+",
    ]) {
      expect(findNestedQuantifier(pattern), pattern).toBeUndefined();
    }
  });

  it("treats a bracket right after '[' as closing the class, as JavaScript does", () => {
    // `[]` is an empty class in JavaScript; the `(a+)+` after it is real.
    expect(findNestedQuantifier("[](a+)+")).toBe("(a+)+");
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."()[]{}\\*+?,|^$a1") }), (pattern) => {
        const found = findNestedQuantifier(pattern);
        if (found !== undefined) expect(pattern).toContain(found);
      }),
    );
  });
});

describe("compileHeaderRegex", () => {
  it("matches the whole value, as Envoy's safe_regex does", () => {
    const re = compileHeaderRegex("v2|v3");
    expect(re.test("v2")).toBe(true);
    expect(re.test("v3")).toBe(true);
    expect(re.test("v20")).toBe(false);
    expect(re.test("xv3")).toBe(false);
  });

  it("throws SyntaxError for an invalid pattern", () => {
    expect(() => compileHeaderRegex("(a")).toThrow(SyntaxError);
  });
});
