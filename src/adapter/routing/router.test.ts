import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../common/index.js";
import { compileRoute, routeTargets, type RouteRequest, type RouteSpec } from "./index.js";

function request(headers: Record<string, string>): RouteRequest {
  const map = new Map(Object.entries(headers));
  return { method: "GET", path: "/orders", header: (name) => map.get(name) };
}

/** One spec of every kind and flavour: the shared contract below runs against each. */
const SPECS: Record<string, RouteSpec> = {
  single: { kind: "single", target: "a" },
  weighted: {
    kind: "weighted",
    targets: [
      { target: "a", weight: 80 },
      { target: "b", weight: 20 },
      { target: "z", weight: 0 },
    ],
  },
  "weighted sticky by header": {
    kind: "weighted",
    targets: [
      { target: "a", weight: 1 },
      { target: "b", weight: 1 },
    ],
    sticky: { header: "X-User" },
  },
  "weighted sticky by cookie": {
    kind: "weighted",
    targets: [
      { target: "a", weight: 3 },
      { target: "b", weight: 1 },
    ],
    sticky: { cookie: "sid" },
  },
  header: {
    kind: "header",
    rules: [
      { header: "X-User", match: "prefix", value: "admin", target: "b" },
      { header: "cookie", match: "regex", value: ".*beta=1.*", target: "c" },
    ],
    default: "a",
  },
  canary: { kind: "canary", primary: "a", canary: "b", percent: 12.5 },
};

/** Requests with or without the headers the specs read. */
const requestArb = fc
  .record(
    {
      "x-user": fc.oneof(fc.constantFrom("admin-1", "bob", ""), fc.string({ maxLength: 6 })),
      cookie: fc.oneof(
        fc.constantFrom("sid=1", "beta=1; sid=2", "x=y"),
        fc.string({ maxLength: 8 }),
      ),
    },
    { requiredKeys: [] },
  )
  .map(request);

describe.each(Object.entries(SPECS))("Router contract: %s", (_name, spec) => {
  const targets = new Set(routeTargets(spec));

  it("always picks one of the route's targets, never null", () => {
    fc.assert(
      fc.property(requestArb, fc.nat(), fc.func(fc.boolean()), (req, seed, isAvailable) => {
        const router = compileRoute(spec, { random: seededRandom(seed) });
        for (const picked of [router.pick(req), router.pick(req, isAvailable)]) {
          expect(picked).not.toBeNull();
          expect(targets.has(picked!)).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("gives the same sequence for the same seed", () => {
    fc.assert(
      fc.property(fc.array(requestArb, { maxLength: 30 }), fc.nat(), (reqs, seed) => {
        const first = compileRoute(spec, { random: seededRandom(seed) });
        const second = compileRoute(spec, { random: seededRandom(seed) });
        expect(reqs.map((r) => second.pick(r))).toEqual(reqs.map((r) => first.pick(r)));
      }),
      { numRuns: 50 },
    );
  });

  it("picks as usual when everything, or nothing, is available", () => {
    fc.assert(
      fc.property(fc.array(requestArb, { maxLength: 30 }), fc.nat(), (reqs, seed) => {
        const plain = compileRoute(spec, { random: seededRandom(seed) });
        const allUp = compileRoute(spec, { random: seededRandom(seed) });
        const allDown = compileRoute(spec, { random: seededRandom(seed) });
        for (const r of reqs) {
          const expected = plain.pick(r);
          expect(allUp.pick(r, () => true)).toBe(expected);
          expect(allDown.pick(r, () => false)).toBe(expected);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("avoids an unavailable target while another can take its traffic", () => {
    const router = compileRoute(spec, { random: seededRandom(1) });
    for (let i = 0; i < 200; i++) {
      const req = request({
        "x-user": i % 2 === 0 ? "admin-1" : `u${i}`,
        cookie: `beta=1; sid=${i}`,
      });
      const picked = router.pick(req, (t) => t !== "a");
      if (spec.kind !== "single") expect(picked).not.toBe("a");
    }
  });
});

describe("compileRoute", () => {
  it("compiles each kind into a working router", () => {
    const random = seededRandom(1);
    expect(compileRoute(SPECS["single"]!, { random }).pick(request({}))).toBe("a");
    expect(compileRoute(SPECS["header"]!, { random }).pick(request({ "x-user": "admin-7" }))).toBe(
      "b",
    );
    expect(
      compileRoute(SPECS["header"]!, { random }).pick(request({ cookie: "a=1; beta=1" })),
    ).toBe("c");
  });

  it("throws TypeError for a malformed spec, naming the problem", () => {
    const random = seededRandom(1);
    const bad = { kind: "weighted", targets: [{ target: "a", weight: 0 }] } as RouteSpec;
    expect(() => compileRoute(bad, { random })).toThrow(TypeError);
    expect(() => compileRoute(bad, { random })).toThrow(/route\.targets: weights must add up/);
    expect(() => compileRoute({ kind: "nope" } as unknown as RouteSpec, { random })).toThrow(
      TypeError,
    );
    const evil = {
      kind: "header",
      rules: [{ header: "x", match: "regex", value: "(a+)+", target: "b" }],
      default: "a",
    } as RouteSpec;
    expect(() => compileRoute(evil, { random })).toThrow(/backtrack catastrophically/);
  });

  it("throws TypeError without a random", () => {
    expect(() => compileRoute(SPECS["single"]!, {} as never)).toThrow(TypeError);
    expect(() => compileRoute(SPECS["single"]!, undefined as never)).toThrow(TypeError);
  });

  it("copies what it needs: changing the spec object afterwards changes nothing", () => {
    const rules = [{ header: "x-user", match: "exact" as const, value: "bob", target: "b" }];
    const spec = { kind: "header" as const, rules, default: "a" };
    const router = compileRoute(spec, { random: seededRandom(1) });
    rules[0]!.target = "c";
    expect(router.pick(request({ "x-user": "bob" }))).toBe("b");
  });
});
