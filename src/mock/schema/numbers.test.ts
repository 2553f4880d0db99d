import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../common/index.js";
import type { Schema } from "./keywords.js";
import { decimalsOf, isMultipleOf, numberRange, sampleNumber, satisfiesRange } from "./numbers.js";

const int = (s: Schema): number => sampleNumber(s, true, undefined);
const num = (s: Schema): number => sampleNumber(s, false, undefined);

describe("numberRange", () => {
  it("reads draft-4 / OpenAPI 3.0 boolean exclusives and draft-6 numeric ones alike", () => {
    const draft4 = numberRange({
      minimum: 1,
      exclusiveMinimum: true,
      maximum: 9,
      exclusiveMaximum: true,
    });
    const draft6 = numberRange({ exclusiveMinimum: 1, exclusiveMaximum: 9 });
    expect(draft4).toEqual(draft6);
    expect(draft4.lower).toEqual({ value: 1, exclusive: true });
  });

  it("keeps the tighter bound when both forms bound a side", () => {
    expect(numberRange({ minimum: 5, exclusiveMinimum: 3 }).lower).toEqual({
      value: 5,
      exclusive: false,
    });
    expect(numberRange({ minimum: 5, exclusiveMinimum: 5 }).lower).toEqual({
      value: 5,
      exclusive: true,
    });
    expect(numberRange({ maximum: 5, exclusiveMaximum: 7 }).upper?.value).toBe(5);
  });

  it("treats exclusiveMinimum: false as inclusive and ignores a non-positive multipleOf", () => {
    expect(numberRange({ minimum: 2, exclusiveMinimum: false }).lower?.exclusive).toBe(false);
    expect(numberRange({ multipleOf: 0 }).multipleOf).toBeUndefined();
  });
});

describe("sampleNumber, static", () => {
  it("gives 0 when 0 is allowed", () => {
    expect(int({})).toBe(0);
    expect(int({ minimum: -5, maximum: 5, multipleOf: 3 })).toBe(0);
    expect(num({ minimum: -1.5 })).toBe(0);
  });

  it("gives the valid value closest to 0, honouring each exclusive style", () => {
    expect(int({ minimum: 10 })).toBe(10);
    expect(int({ minimum: 10, exclusiveMinimum: true })).toBe(11);
    expect(int({ exclusiveMinimum: 10 })).toBe(11);
    expect(int({ maximum: -10 })).toBe(-10);
    expect(int({ maximum: -10, exclusiveMaximum: true })).toBe(-11);
    expect(int({ exclusiveMaximum: -10 })).toBe(-11);
    expect(int({ exclusiveMinimum: 0 })).toBe(1);
    expect(int({ minimum: 2.5 })).toBe(3);
  });

  it("honours multipleOf, also fractional ones", () => {
    expect(int({ minimum: 10, multipleOf: 7 })).toBe(14);
    expect(int({ exclusiveMinimum: 14, multipleOf: 7 })).toBe(21);
    expect(num({ minimum: 0.25, multipleOf: 0.1 })).toBe(0.3);
    expect(num({ exclusiveMinimum: 0.3, multipleOf: 0.1 })).toBe(0.4);
    expect(int({ minimum: 1, multipleOf: 0.4 })).toBe(2); // integers that are multiples of 0.4
  });

  it("prefers integers for numbers, but finds a value between close bounds", () => {
    expect(num({ exclusiveMinimum: 0 })).toBe(1);
    expect(num({ minimum: 0.2, maximum: 0.3 })).toBe(0.2);
    const x = num({ exclusiveMinimum: 0.2, exclusiveMaximum: 0.3 });
    expect(x).toBeGreaterThan(0.2);
    expect(x).toBeLessThan(0.3);
  });

  it("never returns -0", () => {
    expect(Object.is(int({ maximum: 0, multipleOf: 5 }), 0)).toBe(true);
    expect(Object.is(num({ minimum: -0.5, maximum: 0 }), 0)).toBe(true);
  });

  it("copes with bounds beyond safe integers", () => {
    expect(num({ minimum: 1e300 })).toBe(1e300);
  });
});

describe("sampleNumber, dynamic", () => {
  it("draws within 0..100 when unbounded, integers for integer", () => {
    const random = seededRandom(5);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const x = sampleNumber({}, true, random);
      expect(Number.isInteger(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(100);
      seen.add(x);
    }
    expect(seen.size).toBeGreaterThan(50);
  });

  it("draws non-integers for number", () => {
    const random = seededRandom(6);
    const xs = Array.from({ length: 50 }, () => sampleNumber({}, false, random));
    expect(xs.some((x) => !Number.isInteger(x))).toBe(true);
  });

  it("moves the default range past a bound beyond it", () => {
    const random = seededRandom(7);
    for (let i = 0; i < 100; i++) {
      const below = sampleNumber({ maximum: -50 }, true, random);
      expect(below).toBeLessThanOrEqual(-50);
      expect(below).toBeGreaterThanOrEqual(-150);
      const above = sampleNumber({ exclusiveMinimum: 500 }, true, random);
      expect(above).toBeGreaterThan(500);
      expect(above).toBeLessThanOrEqual(601);
    }
  });

  it("stays within random bounds in both exclusive styles, with multipleOf (property)", () => {
    const bound = fc.record({
      value: fc.integer({ min: -1000, max: 1000 }),
      style: fc.constantFrom("inclusive", "draft4", "draft6", "none"),
    });
    fc.assert(
      fc.property(
        bound,
        fc.integer({ min: 1, max: 20 }),
        bound,
        fc.option(fc.constantFrom(1, 2, 5, 0.5, 0.25), { nil: undefined }),
        fc.boolean(),
        fc.nat(),
        (lower, width, upper, multipleOf, integer, seed) => {
          const s: Record<string, unknown> = {};
          const hi = lower.value + width * 4 + 3;
          if (lower.style !== "none") {
            if (lower.style === "draft6") s.exclusiveMinimum = lower.value;
            else s.minimum = lower.value;
            if (lower.style === "draft4") s.exclusiveMinimum = true;
          }
          if (upper.style !== "none") {
            if (upper.style === "draft6") s.exclusiveMaximum = hi;
            else s.maximum = hi;
            if (upper.style === "draft4") s.exclusiveMaximum = true;
          }
          if (multipleOf !== undefined) s.multipleOf = multipleOf;
          const range = numberRange(s);
          for (const random of [undefined, seededRandom(seed)]) {
            const x = sampleNumber(s, integer, random);
            expect(satisfiesRange(x, range), `${x} for ${JSON.stringify(s)}`).toBe(true);
            if (integer) expect(Number.isInteger(x)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("helpers", () => {
  it("decimalsOf counts digits after the point, exponent form too", () => {
    expect(decimalsOf(5)).toBe(0);
    expect(decimalsOf(0.25)).toBe(2);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(decimalsOf(1.5e-7)).toBe(8);
  });

  it("isMultipleOf tolerates binary rounding", () => {
    expect(isMultipleOf(0.3, 0.1)).toBe(true);
    expect(isMultipleOf(0.35, 0.1)).toBe(false);
    expect(isMultipleOf(21, 7)).toBe(true);
  });
});
