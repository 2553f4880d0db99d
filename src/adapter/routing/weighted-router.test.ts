import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom, type Random } from "../../common/index.js";
import type { WeightedRoute, WeightedTarget } from "./route-spec.js";
import type { RouteRequest } from "./router.js";
import { WeightedRouter } from "./weighted-router.js";

const NO_HEADERS: RouteRequest = { method: "GET", path: "/", header: () => undefined };

function request(headers: Record<string, string>): RouteRequest {
  const map = new Map(Object.entries(headers));
  return { method: "GET", path: "/", header: (name) => map.get(name) };
}

function weighted(...entries: [string, number][]): WeightedRoute {
  return { kind: "weighted", targets: entries.map(([target, weight]) => ({ target, weight })) };
}

/** How many of `n` picks went to each target. */
function tally(
  router: WeightedRouter,
  n: number,
  isAvailable?: (t: string) => boolean,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const target = router.pick(NO_HEADERS, isAvailable);
    counts.set(target, (counts.get(target) ?? 0) + 1);
  }
  return counts;
}

/** Whether `count` of `n` is within `sigmas` standard deviations of a binomial with `share`. */
function withinTolerance(count: number, n: number, share: number, sigmas = 5): boolean {
  return Math.abs(count - n * share) <= sigmas * Math.sqrt(n * share * (1 - share)) + 1;
}

/** A random that counts its draws. */
function counting(inner: Random): Random & { draws: number } {
  const r = {
    draws: 0,
    next(): number {
      r.draws++;
      return inner.next();
    },
  };
  return r;
}

/** A set of 1–6 targets, some with weight 0, at least one positive. */
const targetsArb = fc.integer({ min: 1, max: 6 }).chain((size) =>
  fc
    .array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000 })), {
      minLength: size,
      maxLength: size,
    })
    .map((weights): WeightedTarget[] => {
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      return weights.map((weight, i) => ({ target: `t${i}`, weight }));
    }),
);

describe("WeightedRouter without stickiness", () => {
  it("honours 80/20 over 100 000 seeded picks", () => {
    const counts = tally(
      new WeightedRouter(weighted(["a", 80], ["b", 20]), seededRandom(7)),
      100_000,
    );
    expect(withinTolerance(counts.get("a") ?? 0, 100_000, 0.8)).toBe(true);
    expect(withinTolerance(counts.get("b") ?? 0, 100_000, 0.2)).toBe(true);
  });

  it("honours arbitrary weights and never picks weight 0 (property)", () => {
    fc.assert(
      fc.property(targetsArb, fc.nat(), (targets, seed) => {
        const n = 20_000;
        const counts = tally(
          new WeightedRouter({ kind: "weighted", targets }, seededRandom(seed)),
          n,
        );
        const total = targets.reduce((sum, t) => sum + t.weight, 0);
        for (const { target, weight } of targets) {
          const count = counts.get(target) ?? 0;
          if (weight === 0) expect(count).toBe(0);
          else expect(withinTolerance(count, n, weight / total), `${target} ${count}`).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("gives the same sequence for the same seed", () => {
    const route = weighted(["a", 5], ["b", 3], ["c", 2]);
    const run = (seed: number): string[] => {
      const router = new WeightedRouter(route, seededRandom(seed));
      return Array.from({ length: 200 }, () => router.pick(NO_HEADERS));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it("takes exactly one draw per pick, whatever availability says", () => {
    const random = counting(seededRandom(1));
    const router = new WeightedRouter(weighted(["a", 1], ["b", 1]), random);
    router.pick(NO_HEADERS);
    router.pick(NO_HEADERS, () => true);
    router.pick(NO_HEADERS, (t) => t === "b");
    router.pick(NO_HEADERS, () => false);
    expect(random.draws).toBe(4);
  });

  it("maps draws onto cumulative slices: [0, .8) → a, [.8, 1) → b", () => {
    const draws = [0, 0.79999, 0.8, 0.99999];
    let i = 0;
    const router = new WeightedRouter(weighted(["a", 80], ["b", 20]), { next: () => draws[i++]! });
    expect(draws.map(() => router.pick(NO_HEADERS))).toEqual(["a", "a", "b", "b"]);
  });

  it("never returns a weight-0 target, even from a faulty random", () => {
    const route = weighted(["zero", 0], ["a", 1], ["b", 1], ["tail", 0]);
    for (const value of [-1, -0.5, 0, 0.5, 0.9999999999, 1, 2, Number.NaN]) {
      const router = new WeightedRouter(route, { next: () => value });
      expect(["a", "b"], String(value)).toContain(router.pick(NO_HEADERS));
      expect(["a", "b"], String(value)).toContain(router.pick(NO_HEADERS, (t) => t !== "a"));
    }
  });

  it("skips unavailable targets and renormalises over the rest", () => {
    const router = new WeightedRouter(weighted(["a", 60], ["b", 30], ["c", 10]), seededRandom(3));
    const n = 40_000;
    const counts = tally(router, n, (t) => t !== "b");
    expect(counts.get("b")).toBeUndefined();
    expect(withinTolerance(counts.get("a") ?? 0, n, 60 / 70)).toBe(true);
    expect(withinTolerance(counts.get("c") ?? 0, n, 10 / 70)).toBe(true);
  });

  it("picks as if all were available when none is (panic mode)", () => {
    const route = weighted(["a", 3], ["b", 1], ["c", 0]);
    const plain = new WeightedRouter(route, seededRandom(9));
    const panicking = new WeightedRouter(route, seededRandom(9));
    // "c" is available but has weight 0, so it cannot take the traffic.
    const onlyZero = (t: string): boolean => t === "c";
    for (let i = 0; i < 500; i++)
      expect(panicking.pick(NO_HEADERS, onlyZero)).toBe(plain.pick(NO_HEADERS));
  });

  it("with everything available, picks exactly what it picks without the callback (property)", () => {
    fc.assert(
      fc.property(targetsArb, fc.nat(), (targets, seed) => {
        const spec: WeightedRoute = { kind: "weighted", targets };
        const a = new WeightedRouter(spec, seededRandom(seed));
        const b = new WeightedRouter(spec, seededRandom(seed));
        for (let i = 0; i < 200; i++) {
          if (a.pick(NO_HEADERS) !== b.pick(NO_HEADERS, () => true)) return false;
        }
        return true;
      }),
      { numRuns: 50 },
    );
  });

  it("asks about each target at most once per pick", () => {
    const router = new WeightedRouter(weighted(["a", 1], ["b", 1], ["c", 1]), seededRandom(5));
    const asked: string[] = [];
    router.pick(NO_HEADERS, (t) => {
      asked.push(t);
      return t !== "a";
    });
    expect(asked).toEqual(["a", "b", "c"]);
  });

  it("throws TypeError when built with no positive weight (an unvalidated spec)", () => {
    expect(() => new WeightedRouter(weighted(["a", 0]), seededRandom(1))).toThrow(TypeError);
  });
});

describe("WeightedRouter with stickiness", () => {
  const byHeader: WeightedRoute = {
    ...weighted(["a", 70], ["b", 30]),
    sticky: { header: "X-User" },
  };
  const byCookie: WeightedRoute = { ...weighted(["a", 70], ["b", 30]), sticky: { cookie: "sid" } };

  it("maps the same key to the same target, without drawing (property)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), fc.nat(), (key, seedA, seedB) => {
        const random = counting(seededRandom(seedA));
        const first = new WeightedRouter(byHeader, random).pick(request({ "x-user": key }));
        const second = new WeightedRouter(byHeader, seededRandom(seedB)).pick(
          request({ "x-user": key }),
        );
        expect(second).toBe(first);
        expect(random.draws).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("reads the key from a cookie among others", () => {
    const router = new WeightedRouter(byCookie, seededRandom(1));
    const alone = router.pick(request({ cookie: "sid=user-17" }));
    for (const cookie of [
      "a=1; sid=user-17",
      "sid=user-17; theme=dark",
      " x=y ;  sid = user-17 ",
    ]) {
      expect(router.pick(request({ cookie })), cookie).toBe(alone);
    }
  });

  it("spreads distinct keys by weight", () => {
    const router = new WeightedRouter(byHeader, seededRandom(1));
    const n = 20_000;
    let toA = 0;
    for (let i = 0; i < n; i++) if (router.pick(request({ "x-user": `user-${i}` })) === "a") toA++;
    expect(withinTolerance(toA, n, 0.7)).toBe(true);
  });

  it("falls back to a weighted draw when the key is missing or empty", () => {
    for (const req of [NO_HEADERS, request({ "x-user": "" })]) {
      const random = counting(seededRandom(2));
      const router = new WeightedRouter(byHeader, random);
      const counts = new Map<string, number>();
      for (let i = 0; i < 10_000; i++) {
        const t = router.pick(req);
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      expect(random.draws).toBe(10_000);
      expect(withinTolerance(counts.get("a") ?? 0, 10_000, 0.7)).toBe(true);
    }
  });

  it("moves only the keys of an unavailable target, and returns them when it recovers", () => {
    const router = new WeightedRouter(
      { ...weighted(["a", 1], ["b", 1], ["c", 1]), sticky: { header: "x-user" } },
      seededRandom(1),
    );
    const keys = Array.from({ length: 2000 }, (_, i) => request({ "x-user": `k${i}` }));
    const before = keys.map((k) => router.pick(k));
    const during = keys.map((k) => router.pick(k, (t) => t !== "b"));
    const after = keys.map((k) => router.pick(k));
    const moved = before.filter((owner, i) => owner !== during[i]);
    expect(moved.every((owner) => owner === "b")).toBe(true);
    expect(during).not.toContain("b");
    expect(after).toEqual(before);
    // Everything down: panic mode keeps the usual mapping.
    expect(keys.map((k) => router.pick(k, () => false))).toEqual(before);
  });
});
