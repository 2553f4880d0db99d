import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../common/index.js";
import { CanaryRouter } from "./canary-router.js";
import type { CanaryRoute } from "./route-spec.js";
import type { RouteRequest } from "./router.js";

const REQ: RouteRequest = { method: "GET", path: "/", header: () => undefined };

function canary(percent: number): CanaryRoute {
  return { kind: "canary", primary: "stable", canary: "next", percent };
}

function canaryCount(
  router: CanaryRouter,
  n: number,
  isAvailable?: (t: string) => boolean,
): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (router.pick(REQ, isAvailable) === "next") count++;
  return count;
}

describe("CanaryRouter", () => {
  it("sends the canary its percentage, decimals included (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.nat(), (percent, seed) => {
        const n = 20_000;
        const share = percent / 100;
        const count = canaryCount(new CanaryRouter(canary(percent), seededRandom(seed)), n);
        const sigma = Math.sqrt(n * share * (1 - share));
        expect(Math.abs(count - n * share)).toBeLessThanOrEqual(5 * sigma + 1);
      }),
      { numRuns: 30 },
    );
  });

  it("never sends to the canary at 0 % and always at 100 %, even at the edges of the draw", () => {
    for (const draw of [0, 0.5, 0.9999999999999999]) {
      expect(new CanaryRouter(canary(0), { next: () => draw }).pick(REQ)).toBe("stable");
      expect(new CanaryRouter(canary(100), { next: () => draw }).pick(REQ)).toBe("next");
    }
  });

  it("gives the same sequence for the same seed", () => {
    const run = (seed: number): string[] => {
      const router = new CanaryRouter(canary(12.5), seededRandom(seed));
      return Array.from({ length: 300 }, () => router.pick(REQ));
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it("sends everything to the side that is available", () => {
    const router = new CanaryRouter(canary(50), seededRandom(4));
    expect(canaryCount(router, 1000, (t) => t !== "next")).toBe(0);
    expect(canaryCount(router, 1000, (t) => t !== "stable")).toBe(1000);
  });

  it("keeps a side with no share empty even when the other is down, and panics to the normal pick", () => {
    expect(
      canaryCount(new CanaryRouter(canary(0), seededRandom(1)), 500, (t) => t !== "stable"),
    ).toBe(0);
    expect(
      canaryCount(new CanaryRouter(canary(100), seededRandom(1)), 500, (t) => t !== "next"),
    ).toBe(500);
    const plain = new CanaryRouter(canary(30), seededRandom(8));
    const panicking = new CanaryRouter(canary(30), seededRandom(8));
    for (let i = 0; i < 300; i++) expect(panicking.pick(REQ, () => false)).toBe(plain.pick(REQ));
  });
});
