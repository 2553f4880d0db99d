import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestMatch, didYouMean, editDistance } from "./suggest.js";

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and transpositions as one edit each", () => {
    expect(editDistance("port", "port")).toBe(0);
    expect(editDistance("prot", "port")).toBe(1);
    expect(editDistance("pot", "port")).toBe(1);
    expect(editDistance("ports", "port")).toBe(1);
    expect(editDistance("pert", "port")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("is a metric: symmetric, zero only for equal strings, triangle inequality (property)", () => {
    const word = fc.string({ maxLength: 8 });
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c) + 1);
      }),
    );
  });
});

describe("closestMatch", () => {
  it("suggests plausible typos only", () => {
    expect(closestMatch("prot", ["name", "port", "host"])).toBe("port");
    expect(closestMatch("proxymode", ["proxy_mode", "role"])).toBe("proxy_mode");
    expect(closestMatch("Port", ["port"])).toBe("port");
    expect(closestMatch("zzz", ["name", "port"])).toBeUndefined();
    expect(closestMatch("x", [])).toBeUndefined();
  });

  it("phrases the suggestion", () => {
    expect(didYouMean("ordrs", ["orders", "users"])).toBe("did you mean 'orders'?");
    expect(didYouMean("payments", ["orders"])).toBe("");
  });
});
