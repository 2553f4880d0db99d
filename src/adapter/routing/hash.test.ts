import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fmix32, fnv1a32, toOpenUnit } from "./hash.js";

describe("fnv1a32", () => {
  it("matches the published FNV-1a 32-bit test vectors (ASCII input)", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("hashes a range exactly as it hashes the same substring", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = start + ((Math.max(a, b) - Math.min(a, b)) % (text.length - start + 1));
        expect(fnv1a32(text, start, end)).toBe(fnv1a32(text.slice(start, end)));
      }),
    );
  });

  it("returns an unsigned 32-bit integer", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const h = fnv1a32(text);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
      }),
    );
  });
});

describe("fmix32", () => {
  it("maps 0 to 0 and spreads neighbouring inputs far apart", () => {
    expect(fmix32(0)).toBe(0);
    const a = fmix32(1);
    const b = fmix32(2);
    // Avalanche: about half of the 32 bits differ for inputs one apart.
    const differing = (a ^ b).toString(2).replace(/0/g, "").length;
    expect(differing).toBeGreaterThan(8);
  });

  it("is injective on a sample (it is a bijection of 32-bit integers)", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(fmix32(i * 7919));
    expect(seen.size).toBe(10_000);
  });
});

describe("toOpenUnit", () => {
  it("stays strictly inside (0, 1), so a logarithm of it is finite", () => {
    for (const v of [0, 1, 0x7fffffff, 0xffffffff]) {
      const u = toOpenUnit(v);
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThan(1);
      expect(Number.isFinite(Math.log(u))).toBe(true);
    }
  });
});
