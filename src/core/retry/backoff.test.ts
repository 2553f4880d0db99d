import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffIndex, retryDelayMs, type RetryJitter } from "./backoff.js";

const S = 1000;

describe("retryDelayMs (spec §5.1)", () => {
  it("waits the base at index 0, then doubles, capped at one hour from the 10th failure (index 9) on", () => {
    const delays = Array.from({ length: 12 }, (_, i) => retryDelayMs(i) / S);
    expect(delays).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600, 3600]);
  });

  it("gives the first failure 10 s: normalAttempts 1 is index 0", () => {
    expect(backoffIndex(1)).toBe(0);
    expect(retryDelayMs(backoffIndex(1))).toBe(10 * S);
    expect(retryDelayMs(backoffIndex(3))).toBe(40 * S);
    // A completion retry on a fresh instrument (normalAttempts 0) also waits the base.
    expect(backoffIndex(0)).toBe(0);
  });

  it("takes base, factor and cap as options", () => {
    expect(retryDelayMs(0, { baseMs: 500 })).toBe(500);
    expect(retryDelayMs(2, { baseMs: 500, factor: 3 })).toBe(4500);
    expect(retryDelayMs(5, { baseMs: 500, factor: 3, capMs: 2000 })).toBe(2000);
    expect(retryDelayMs(3, { factor: 1 })).toBe(10 * S);
    expect(retryDelayMs(0, { baseMs: 0 })).toBe(0);
    expect(retryDelayMs(0, { capMs: 0 })).toBe(0);
  });

  it("saturates at the cap for huge indexes instead of overflowing", () => {
    expect(retryDelayMs(10_000)).toBe(3600 * S);
    expect(retryDelayMs(Number.MAX_SAFE_INTEGER, { baseMs: 0 })).toBe(0);
  });

  it("rejects negative, NaN and fractional indexes and bad options with TypeError", () => {
    for (const bad of [-1, Number.NaN, 1.5, Number.POSITIVE_INFINITY])
      expect(() => retryDelayMs(bad)).toThrow(TypeError);
    expect(() => retryDelayMs(0, { baseMs: -1 })).toThrow(TypeError);
    expect(() => retryDelayMs(0, { baseMs: Number.NaN })).toThrow(TypeError);
    expect(() => retryDelayMs(0, { factor: 0.5 })).toThrow(TypeError);
    expect(() => retryDelayMs(0, { capMs: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => backoffIndex(Number.NaN)).toThrow(TypeError);
  });

  it("applies full and equal jitter with the injected random source", () => {
    expect(retryDelayMs(1, { jitter: "full", random: () => 0 })).toBe(0);
    expect(retryDelayMs(1, { jitter: "full", random: () => 0.5 })).toBe(10 * S);
    expect(retryDelayMs(1, { jitter: "equal", random: () => 0 })).toBe(10 * S);
    expect(retryDelayMs(1, { jitter: "equal", random: () => 0.5 })).toBe(15 * S);
    expect(retryDelayMs(1, { jitter: "none", random: () => 0.5 })).toBe(20 * S);
  });

  it("refuses jitter without a random source or with one outside [0, 1)", () => {
    expect(() => retryDelayMs(0, { jitter: "full" })).toThrow(TypeError);
    expect(() => retryDelayMs(0, { jitter: "equal", random: () => 1 })).toThrow(TypeError);
    expect(() => retryDelayMs(0, { jitter: "full", random: () => Number.NaN })).toThrow(TypeError);
  });

  const options = fc.record({
    baseMs: fc.integer({ min: 0, max: 100_000 }),
    factor: fc.double({ min: 1, max: 4, noNaN: true }),
    capMs: fc.integer({ min: 0, max: 10_000_000 }),
  });

  it("is non-decreasing in the index without jitter (property)", () => {
    fc.assert(
      fc.property(options, fc.nat({ max: 2000 }), (o, i) => {
        expect(retryDelayMs(i + 1, o)).toBeGreaterThanOrEqual(retryDelayMs(i, o));
      }),
    );
  });

  it("never exceeds the cap, with or without jitter (property)", () => {
    const jitter = fc.constantFrom<RetryJitter>("none", "full", "equal");
    const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    fc.assert(
      fc.property(options, fc.nat({ max: 2000 }), jitter, unit, (o, i, j, r) => {
        const d = retryDelayMs(i, { ...o, jitter: j, random: () => r });
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(o.capMs);
      }),
    );
  });

  it("keeps jittered delays within [0, d] (full) and [d/2, d] (equal) (property)", () => {
    const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    fc.assert(
      fc.property(options, fc.nat({ max: 64 }), unit, (o, i, r) => {
        const d = retryDelayMs(i, o);
        const full = retryDelayMs(i, { ...o, jitter: "full", random: () => r });
        const equal = retryDelayMs(i, { ...o, jitter: "equal", random: () => r });
        expect(full).toBeGreaterThanOrEqual(0);
        expect(full).toBeLessThanOrEqual(d);
        expect(equal).toBeGreaterThanOrEqual(d / 2);
        expect(equal).toBeLessThanOrEqual(d);
      }),
    );
  });
});
