import { describe, expect, it } from "vitest";
import { seededRandom } from "../../common/index.js";
import { stringLength } from "./keywords.js";
import { STRING_PLACEHOLDER, fitLength, sampleString } from "./strings.js";

const fixed = (s: Record<string, unknown>): string => sampleString(s, undefined);

describe("sampleString, static", () => {
  it("gives the placeholder, or the format's sample", () => {
    expect(fixed({})).toBe(STRING_PLACEHOLDER);
    expect(fixed({ format: "email" })).toBe("user@example.com");
    expect(fixed({ format: "no-such-format" })).toBe("string");
  });

  it("pads and cuts to minLength / maxLength", () => {
    expect(fixed({ minLength: 10 })).toBe("stringstri");
    expect(fixed({ maxLength: 3 })).toBe("str");
    expect(fixed({ maxLength: 0 })).toBe("");
    expect(fixed({ minLength: 2, maxLength: 4 })).toBe("stri");
    expect(fixed({ format: "date", maxLength: 4 })).toBe("2026"); // the lengths win
  });

  it("generates from a pattern, keeping a format sample that already matches", () => {
    expect(fixed({ pattern: "^[A-Z]{3}$" })).toBe("AAA");
    expect(fixed({ format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$" })).toBe("2026-01-01");
    expect(fixed({ format: "email", pattern: "^[a-z]+@corp\\.io$" })).toBe("a@corp.io");
    expect(fixed({ pattern: "^[a-z]+$", minLength: 4 })).toBe("aaaa");
  });

  it("falls back to the placeholder for a pattern beyond the supported subset", () => {
    expect(fixed({ pattern: "^(?=.*\\d).{8}$" })).toBe("string");
    expect(fixed({ pattern: "(?=x)", format: "uuid" })).toBe(
      "00000000-0000-4000-8000-000000000000",
    );
  });
});

describe("sampleString, dynamic", () => {
  it("draws lowercase letters within the lengths", () => {
    const random = seededRandom(4);
    const values = Array.from({ length: 200 }, () =>
      sampleString({ minLength: 3, maxLength: 6 }, random),
    );
    for (const v of values) expect(v).toMatch(/^[a-z]{3,6}$/);
    expect(new Set(values.map((v) => v.length))).toEqual(new Set([3, 4, 5, 6]));
  });

  it("draws at least one letter when unconstrained, and honours maxLength 0", () => {
    const random = seededRandom(5);
    for (let i = 0; i < 100; i++) {
      expect(stringLength(sampleString({}, random))).toBeGreaterThanOrEqual(1);
      expect(sampleString({ maxLength: 0 }, random)).toBe("");
    }
  });

  it("draws random pattern matches within the lengths", () => {
    const random = seededRandom(6);
    for (let i = 0; i < 100; i++) {
      const v = sampleString({ pattern: "^[a-f0-9]+$", minLength: 8, maxLength: 12 }, random);
      expect(v).toMatch(/^[a-f0-9]{8,12}$/);
    }
  });
});

describe("fitLength", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(fitLength("😀", 3, 3)).toBe("😀😀😀");
    expect(fitLength("😀😀😀", 0, 2)).toBe("😀😀");
    expect(fitLength("", 2, 5)).toBe("xx");
  });
});
