import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  HISTOGRAM_MAX_TRACKED_MS,
  HISTOGRAM_RELATIVE_ERROR,
  LatencyHistogram,
} from "./latency-histogram.js";

/** Nearest-rank percentile of raw samples: the oracle. */
function oracle(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1] ?? 0;
}

function histogramOf(samples: readonly number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const s of samples) h.record(s);
  return h;
}

// 1 µs … 60 s, log-uniform so every octave gets exercised (fc.double is uniform over float
// encodings, which would bunch values near exp(0) = 1 ms).
const LOG_STEPS = 1_000_000;
const latencyMs = fc
  .integer({ min: 0, max: LOG_STEPS })
  .map((i) => Math.min(60_000, 0.001 * 6e7 ** (i / LOG_STEPS)));

// Uniform over [0, 100] in 0.01 steps; fc.double would mostly give p ≈ 0 (rank 1, read exactly).
const percentile = fc.integer({ min: 0, max: 10_000 }).map((i) => i / 100);

describe("LatencyHistogram", () => {
  it("states an error bound of at most 2 % over 1 µs … 60 s", () => {
    expect(HISTOGRAM_RELATIVE_ERROR).toBeLessThanOrEqual(0.02);
    expect(HISTOGRAM_MAX_TRACKED_MS).toBeGreaterThanOrEqual(60_000);
  });

  it("reads 0 everywhere when empty", () => {
    const h = new LatencyHistogram();
    expect([h.count, h.minMs, h.maxMs, h.meanMs, h.percentile(50), h.percentile(100)]).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
  });

  it("reads a single value exactly (clamped to the observed range)", () => {
    const h = histogramOf([12.345]);
    expect(h.percentile(0)).toBe(12.345);
    expect(h.percentile(50)).toBe(12.345);
    expect(h.percentile(100)).toBe(12.345);
  });

  it("takes the nearest rank: p50 of 1..100 ms is 50 ms, p99 is 99 ms, p100 the max", () => {
    const h = histogramOf(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(h.count).toBe(100);
    expect(h.meanMs).toBe(50.5);
    expect(h.percentile(50)).toBeCloseTo(50, 0);
    expect(Math.abs(h.percentile(99) - 99) / 99).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR);
    expect(h.percentile(100)).toBe(100);
    expect(h.percentile(0)).toBe(1);
  });

  it("keeps 0 and sub-microsecond values below 1 µs, and huge ones at the max", () => {
    const h = histogramOf([0, 0.0004, 500_000]);
    expect(h.percentile(1)).toBe(0);
    expect(h.percentile(50)).toBeLessThan(0.001);
    expect(h.percentile(100)).toBe(500_000);
  });

  it("rejects bad samples and percentiles (programmer errors)", () => {
    const h = new LatencyHistogram();
    for (const bad of [-1, NaN, Infinity]) expect(() => h.record(bad)).toThrow(TypeError);
    for (const bad of [-1, 101, NaN]) expect(() => h.percentile(bad)).toThrow(TypeError);
    expect(h.count).toBe(0);
  });

  it("reset forgets everything", () => {
    const h = histogramOf([1, 2, 3]);
    h.reset();
    expect([h.count, h.maxMs, h.percentile(50)]).toEqual([0, 0, 0]);
    h.record(7);
    expect(h.percentile(50)).toBe(7);
  });

  it("matches a sorted-array oracle within the stated relative error (property)", () => {
    fc.assert(
      fc.property(
        fc.array(latencyMs, { minLength: 1, maxLength: 300, size: "medium" }),
        percentile,
        (samples, p) => {
          const want = oracle(samples, p);
          const got = histogramOf(samples).percentile(p);
          expect(Math.abs(got - want) / want).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR + 1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("merging equals recording everything in one histogram (property)", () => {
    fc.assert(
      fc.property(fc.array(latencyMs), fc.array(latencyMs), (a, b) => {
        const merged = histogramOf(a);
        merged.merge(histogramOf(b));
        const whole = histogramOf([...a, ...b]);
        expect(merged.count).toBe(whole.count);
        expect(merged.minMs).toBe(whole.minMs);
        expect(merged.maxMs).toBe(whole.maxMs);
        for (const p of [0, 50, 90, 99, 100])
          expect(merged.percentile(p)).toBe(whole.percentile(p));
      }),
      { numRuns: 100 },
    );
  });
});
