import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../common/index.js";
import { stringLength } from "./keywords.js";
import { parsePattern } from "./pattern-parser.js";
import { samplePattern } from "./pattern.js";

/** Patterns within the supported subset, as API schemas write them. */
const SUPPORTED = [
  "abc",
  "^abc$",
  "^[a-z]+$",
  "^[a-z0-9]{3,8}$",
  "^[A-Z]{2}-\\d{4}$",
  "^\\d{3}-\\d{2}-\\d{4}$",
  "^\\w+@\\w+\\.com$",
  "^(foo|bar|baz)$",
  "^(?:https?|ftp)://[a-z]+\\.[a-z]{2,3}$",
  "^(?<year>\\d{4})-(?<month>0[1-9]|1[0-2])$",
  "^[^@\\s]+@[^@\\s]+$",
  "^[+-]?\\d+(\\.\\d+)?$",
  "^#?[0-9a-fA-F]{6}$",
  "colou?r",
  "^a*b+c?$",
  "^x{2,}$",
  "^[\\w.-]+$",
  "^\\S+\\s\\S+$",
  "^.{5}$",
  "^[A-Z][a-z]*( [A-Z][a-z]*)*$",
  "^\\x41\\u0042[\\-_]$",
  "^(a|bc|def){2}$",
  "^ab{1,3}?$",
  "\\$\\d+\\.\\d{2}",
  "^[a-]$", // a trailing '-' is literal
  "^v\\d+\\.\\d+\\.\\d+(-[a-z]+)?$",
];

/** Patterns beyond the subset (or invalid): the sampler declines them. */
const UNSUPPORTED = [
  "^(?=.*\\d)[a-z\\d]{8}$",
  "^(?!admin)[a-z]+$",
  "(a)\\1",
  "\\bword\\b",
  "^\\p{L}+$",
  "[",
  "a**",
  "^[\\D]$",
  "(?<=a)b",
  "[]",
];

describe("samplePattern", () => {
  it.each(SUPPORTED)("matches %s in static mode", (pattern) => {
    const value = samplePattern(pattern, undefined);
    expect(value).toBeDefined();
    expect(new RegExp(pattern).test(value!)).toBe(true);
  });

  it.each(SUPPORTED)("matches %s in dynamic mode, over many seeds", (pattern) => {
    const random = seededRandom(11);
    for (let i = 0; i < 50; i++) {
      const value = samplePattern(pattern, random);
      expect(value).toBeDefined();
      expect(new RegExp(pattern).test(value!), value).toBe(true);
    }
  });

  it.each(UNSUPPORTED)("declines %s", (pattern) => {
    expect(samplePattern(pattern, undefined)).toBeUndefined();
    expect(samplePattern(pattern, seededRandom(1))).toBeUndefined();
  });

  it("picks first alternatives, first class members and fewest repetitions in static mode", () => {
    expect(samplePattern("^(foo|bar)-[x-z]\\d+$", undefined)).toBe("foo-x0");
    expect(samplePattern("^a*b?c{2,4}$", undefined)).toBe("cc");
    expect(samplePattern("^[^a-z]$", undefined)).toBe("A");
    expect(samplePattern("^.\\w\\S$", undefined)).toBe("aaa");
  });

  it("stretches repetitions to reach minLength and stays within maxLength", () => {
    expect(samplePattern("^[a-z]+$", undefined, 5, 8)).toBe("aaaaa");
    expect(samplePattern("^\\d{3}-[a-z]*$", undefined, 10)).toBe("000-aaaaaa");
    const random = seededRandom(3);
    for (let i = 0; i < 50; i++) {
      const value = samplePattern("^[a-z0-9]+$", random, 20, 25)!;
      expect(stringLength(value)).toBeGreaterThanOrEqual(20);
      expect(stringLength(value)).toBeLessThanOrEqual(25);
    }
  });

  it("lets the pattern win when no length fits", () => {
    expect(samplePattern("^\\d{4}$", undefined, 6)).toBe("0000");
    expect(samplePattern("^\\d{4}$", undefined, 0, 2)).toBe("0000");
  });

  it("is deterministic for a seed", () => {
    const run = (seed: number): (string | undefined)[] => {
      const random = seededRandom(seed);
      return SUPPORTED.map((p) => samplePattern(p, random));
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });

  it("always yields a match or declines, for patterns built from the subset (property)", () => {
    const atom = fc.constantFrom("a", "\\d", "\\w", "[a-c]", "[^x]", ".", "(ab|c)", "\\.", "-");
    const quantifier = fc.constantFrom("", "*", "+", "?", "{2}", "{1,3}", "{2,}");
    const piece = fc.tuple(atom, quantifier).map(([a, q]) => a + q);
    const patternArb = fc
      .array(piece, { minLength: 1, maxLength: 6 })
      .chain((pieces) => fc.constantFrom(pieces.join(""), `^${pieces.join("")}$`));
    fc.assert(
      fc.property(patternArb, fc.nat(), fc.nat({ max: 12 }), (pattern, seed, minLength) => {
        for (const random of [undefined, seededRandom(seed)]) {
          const value = samplePattern(pattern, random, minLength);
          expect(value, pattern).toBeDefined();
          expect(new RegExp(pattern).test(value!), `${pattern} → ${value}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("parsePattern", () => {
  it("builds sets, sequences, alternatives and repetitions", () => {
    expect(parsePattern("a|b")).toEqual({
      kind: "alt",
      options: [
        { kind: "set", set: { ranges: [[97, 97]], negated: false } },
        { kind: "set", set: { ranges: [[98, 98]], negated: false } },
      ],
    });
    expect(parsePattern("[0-9]{2,}")).toEqual({
      kind: "repeat",
      node: { kind: "set", set: { ranges: [[48, 57]], negated: false } },
      min: 2,
      max: Infinity,
    });
  });

  it("reads a '{' that starts no quantifier as a literal", () => {
    expect(samplePattern("^a{b}$", undefined)).toBe("a{b}");
  });
});
