import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isToken } from "./header-token.js";

describe("isToken", () => {
  it("accepts RFC 7230 tokens", () => {
    for (const name of ["x-user", "X-Canary", "cookie", "a", "!#$%&'*+-.^_`|~09azAZ"]) {
      expect(isToken(name), name).toBe(true);
    }
  });

  it("rejects empty names, separators, whitespace, controls and non-ASCII", () => {
    for (const name of [
      "",
      "x user",
      "x:y",
      "a(b)",
      'q"',
      "a,b",
      "a;b",
      "a=b",
      "tab\t",
      "é",
      "\u0000",
    ]) {
      expect(isToken(name), JSON.stringify(name)).toBe(false);
    }
  });

  it("agrees with the RFC grammar on arbitrary strings", () => {
    const grammar = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
    fc.assert(fc.property(fc.string(), (s) => isToken(s) === grammar.test(s)));
  });
});
