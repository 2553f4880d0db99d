import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  routeTargets,
  validateRouteSpec,
  validateRouteShape,
  type RouteSpec,
} from "./route-spec.js";

const TARGETS: ReadonlySet<string> = new Set(["stable", "canary", "blue", "green"]);

function problems(spec: unknown, targets: ReadonlySet<string> = TARGETS): string[] {
  return validateRouteSpec(spec, targets);
}

describe("validateRouteSpec: valid specs", () => {
  it("accepts one of each kind", () => {
    const specs: RouteSpec[] = [
      { kind: "single", target: "stable" },
      {
        kind: "weighted",
        targets: [
          { target: "stable", weight: 80 },
          { target: "canary", weight: 20 },
        ],
      },
      { kind: "weighted", targets: [{ target: "blue", weight: 1 }], sticky: { header: "X-User" } },
      {
        kind: "weighted",
        targets: [
          { target: "blue", weight: 0 },
          { target: "green", weight: 10_000 },
        ],
        sticky: { cookie: "sid" },
      },
      {
        kind: "header",
        rules: [
          { header: "X-Version", match: "exact", value: "v2", target: "green" },
          { header: "user-agent", match: "prefix", value: "curl/", target: "blue" },
          { header: "x-tenant", match: "regex", value: "acme-[0-9]+", target: "canary" },
        ],
        default: "stable",
      },
      { kind: "canary", primary: "stable", canary: "canary", percent: 12.5 },
      { kind: "canary", primary: "stable", canary: "canary", percent: 0 },
      { kind: "canary", primary: "stable", canary: "canary", percent: 100 },
    ];
    for (const spec of specs) expect(problems(spec), JSON.stringify(spec)).toEqual([]);
  });
});

describe("validateRouteSpec: problems name the field path", () => {
  it("rejects a non-object and an unknown kind, suggesting the closest", () => {
    expect(problems(null)).toEqual(["route: must be an object with a kind, got null"]);
    expect(problems([])).toEqual(["route: must be an object with a kind, got a list"]);
    expect(problems({})).toEqual([
      "route.kind: must be one of single, weighted, header, canary, got nothing",
    ]);
    expect(problems({ kind: "wieghted" })).toEqual([
      "route.kind: must be one of single, weighted, header, canary, got \"wieghted\"; did you mean 'weighted'?",
    ]);
  });

  it("reports weights out of range, with the brief's wording", () => {
    const spec = {
      kind: "weighted",
      targets: [
        { target: "stable", weight: 5 },
        { target: "canary", weight: -3 },
        { target: "blue", weight: 1.5 },
        { target: "green", weight: 10_001 },
      ],
    };
    expect(problems(spec)).toEqual([
      "route.targets[1].weight: must be an integer 0–10000, got -3",
      "route.targets[2].weight: must be an integer 0–10000, got 1.5",
      "route.targets[3].weight: must be an integer 0–10000, got 10001",
    ]);
  });

  it("reports a zero sum, duplicates, unknown targets and missing weights", () => {
    expect(
      problems({
        kind: "weighted",
        targets: [
          { target: "stable", weight: 0 },
          { target: "canary", weight: 0 },
        ],
      }),
    ).toEqual([
      "route.targets: weights must add up to more than 0, got 0 (no target could be picked)",
    ]);
    expect(
      problems({
        kind: "weighted",
        targets: [
          { target: "stable", weight: 1 },
          { target: "nope", weight: 1 },
          { target: "stable", weight: 1 },
          { target: "blue" },
        ],
      }),
    ).toEqual([
      'route.targets[1].target: unknown target "nope"; known: stable, canary, blue, green',
      'route.targets[2].target: duplicate of route.targets[0].target ("stable"); list each target once',
      "route.targets[3].weight: must be an integer 0–10000, got nothing",
    ]);
  });

  it("bounds list sizes to 1–64", () => {
    expect(problems({ kind: "weighted", targets: [] })).toEqual([
      "route.targets: must be a list of 1–64 entries, got 0",
    ]);
    const many = Array.from({ length: 65 }, (_, i) => ({ target: `t${i}`, weight: 1 }));
    const ids = new Set(many.map((t) => t.target));
    expect(problems({ kind: "weighted", targets: many }, ids)).toEqual([
      "route.targets: must be a list of 1–64 entries, got 65",
    ]);
    expect(problems({ kind: "weighted", targets: many.slice(0, 64) }, ids)).toEqual([]);
    expect(problems({ kind: "header", rules: "x", default: "stable" })).toEqual([
      'route.rules: must be a list of 1–64 entries, got "x"',
    ]);
  });

  it("suggests the closest target when there are too many to list", () => {
    const ids = new Set(Array.from({ length: 20 }, (_, i) => `service-${i}`));
    expect(problems({ kind: "single", target: "servise-3" }, ids)).toEqual([
      "route.target: unknown target \"servise-3\"; did you mean 'service-3'?",
    ]);
    expect(problems({ kind: "single", target: "x" }, new Set())).toEqual([
      'route.target: unknown target "x"; no targets are defined',
    ]);
  });

  it("reports unknown fields with the closest known one", () => {
    expect(
      problems({
        kind: "header",
        rules: [{ header: "x", match: "exact", value: "1", target: "blue" }],
        defualt: "stable",
      }),
    ).toEqual([
      "route.defualt: unknown field; did you mean 'default'?",
      "route.default: must be a target id (non-empty string), got nothing",
    ]);
    expect(problems({ kind: "single", target: "stable", weight: 3 })).toEqual([
      "route.weight: unknown field",
    ]);
  });

  it("checks sticky keys", () => {
    const targets = [{ target: "stable", weight: 1 }];
    expect(problems({ kind: "weighted", targets, sticky: { header: "x", cookie: "y" } })).toEqual([
      "route.sticky: set either header or cookie, not both",
    ]);
    expect(problems({ kind: "weighted", targets, sticky: {} })).toEqual([
      "route.sticky: must name a header or a cookie to read the affinity key from",
    ]);
    expect(problems({ kind: "weighted", targets, sticky: { header: "x user" } })).toEqual([
      'route.sticky.header: must be a header name (an RFC 7230 token: letters, digits, !#$%&\'*+-.^_`|~), got "x user"',
    ]);
    expect(problems({ kind: "weighted", targets, sticky: { cookie: "a=b" } })[0]).toMatch(
      /^route\.sticky\.cookie: must be a cookie name/,
    );
    expect(problems({ kind: "weighted", targets, sticky: "x-user" })).toEqual([
      'route.sticky: must be {header} or {cookie}, got "x-user"',
    ]);
  });

  it("checks header rules: token, match kind, value, regex and target", () => {
    const spec = {
      kind: "header",
      rules: [
        { header: "X Version", match: "exact", value: "v2", target: "green" },
        { header: "x-a", match: "prefx", value: "", target: "blue" },
        { header: "x-b", match: "regex", value: "(a", target: "blue" },
        { header: "x-c", match: "regex", value: "(a+)+$", target: "blue" },
        { header: "x-d", match: "regex", value: "a".repeat(257), target: "blue" },
        "rule",
      ],
      default: "nowhere",
    };
    const found = problems(spec);
    expect(found[0]).toMatch(/^route\.rules\[0\]\.header: must be a header name/);
    expect(found[1]).toBe(
      "route.rules[1].match: must be one of exact, prefix, regex, got \"prefx\"; did you mean 'prefix'?",
    );
    expect(found[2]).toBe('route.rules[1].value: must be a non-empty string, got ""');
    expect(found[3]).toMatch(/^route\.rules\[2\]\.value: invalid regex "\(a": /);
    expect(found[4]).toBe(
      'route.rules[3].value: regex "(a+)+$" nests a repeated group in a repeat ("(a+)+"), which can backtrack catastrophically; rewrite without the outer or inner repeat',
    );
    expect(found[5]).toBe("route.rules[4].value: regex must be at most 256 characters, got 257");
    expect(found[6]).toBe(
      'route.rules[5]: must be an object {header, match, value, target}, got "rule"',
    );
    expect(found[7]).toBe(
      'route.default: unknown target "nowhere"; known: stable, canary, blue, green',
    );
    expect(found).toHaveLength(8);
  });

  it("checks canary targets and percent", () => {
    expect(problems({ kind: "canary", primary: "stable", canary: "stable", percent: 5 })).toEqual([
      'route.canary: must differ from route.primary (both "stable")',
    ]);
    for (const percent of [-0.1, 100.5, Number.NaN, Infinity, "10", undefined]) {
      expect(problems({ kind: "canary", primary: "stable", canary: "canary", percent })[0]).toMatch(
        /^route\.percent: must be a number 0–100, got /,
      );
    }
  });

  it("shortens long values quoted back", () => {
    const [problem] = problems({ kind: "single", target: "x".repeat(500) });
    expect(problem!.length).toBeLessThan(150);
  });

  it("throws TypeError when targetIds is not a set (a programmer error)", () => {
    expect(() => validateRouteSpec({ kind: "single", target: "a" }, null as never)).toThrow(
      TypeError,
    );
  });
});

describe("validateRouteSpec: properties", () => {
  it("never throws on arbitrary input and returns strings", () => {
    fc.assert(
      fc.property(fc.anything(), (spec) => {
        const found = validateRouteSpec(spec, TARGETS);
        expect(Array.isArray(found)).toBe(true);
        for (const p of found) expect(typeof p).toBe("string");
      }),
      { numRuns: 200 },
    );
  });

  it("never throws on spec-shaped input with arbitrary leaves", () => {
    const leaf = fc.oneof(
      fc.anything(),
      fc.constantFrom(...TARGETS),
      fc.integer({ min: -5, max: 20_000 }),
    );
    const entry = fc.oneof(
      fc.record({ target: leaf, weight: leaf }, { requiredKeys: [] }),
      fc.record(
        {
          header: leaf,
          match: fc.oneof(leaf, fc.constantFrom("exact", "prefix", "regex")),
          value: leaf,
          target: leaf,
        },
        { requiredKeys: [] },
      ),
      leaf,
    );
    const spec = fc.record(
      {
        kind: fc.oneof(fc.constantFrom("single", "weighted", "header", "canary"), leaf),
        target: leaf,
        targets: fc.oneof(fc.array(entry, { maxLength: 5 }), leaf),
        rules: fc.oneof(fc.array(entry, { maxLength: 5 }), leaf),
        sticky: fc.oneof(fc.record({ header: leaf, cookie: leaf }, { requiredKeys: [] }), leaf),
        default: leaf,
        primary: leaf,
        canary: leaf,
        percent: fc.oneof(fc.double(), leaf),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(spec, (s) => {
        for (const p of validateRouteSpec(s, TARGETS)) expect(p).toMatch(/^route[.:[]/);
      }),
      { numRuns: 200 },
    );
  });

  it("accepts every generated valid spec", () => {
    fc.assert(
      fc.property(validSpec(), ({ spec, targets }) => {
        expect(validateRouteSpec(spec, targets)).toEqual([]);
        for (const t of routeTargets(spec)) expect(targets.has(t)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("validateRouteShape", () => {
  it("takes every target id as known but checks everything else", () => {
    expect(validateRouteShape({ kind: "single", target: "anything" })).toEqual([]);
    expect(validateRouteShape({ kind: "canary", primary: "a", canary: "a", percent: 1 })).toEqual([
      'route.canary: must differ from route.primary (both "a")',
    ]);
  });
});

describe("routeTargets", () => {
  it("lists each target once, in spec order", () => {
    expect(
      routeTargets({
        kind: "header",
        rules: [
          { header: "a", match: "exact", value: "1", target: "blue" },
          { header: "b", match: "exact", value: "2", target: "green" },
          { header: "c", match: "exact", value: "3", target: "blue" },
        ],
        default: "stable",
      }),
    ).toEqual(["blue", "green", "stable"]);
    expect(routeTargets({ kind: "canary", primary: "a", canary: "b", percent: 1 })).toEqual([
      "a",
      "b",
    ]);
    expect(routeTargets({ kind: "single", target: "a" })).toEqual(["a"]);
  });
});

/** A valid spec of any kind, with the target set it is valid against. */
function validSpec(): fc.Arbitrary<{ spec: RouteSpec; targets: ReadonlySet<string> }> {
  // Small alphabets via constantFrom: stringMatching is slow enough to dominate the run.
  const id = fc.string({ unit: fc.constantFrom(..."abcdefgh0123-"), minLength: 1, maxLength: 8 });
  const ids = fc.uniqueArray(id, { minLength: 2, maxLength: 16 });
  const token = fc.string({ unit: fc.constantFrom(..."abcXYZ09-_!~"), minLength: 1, maxLength: 8 });
  return ids.chain((list) => {
    const targets = new Set(list);
    const pick = fc.constantFrom(...list);
    const single = pick.map((target): RouteSpec => ({ kind: "single", target }));
    const weighted = fc
      .tuple(
        fc.shuffledSubarray(list, { minLength: 1 }),
        fc.option(
          fc.oneof(
            token.map((header) => ({ header })),
            token.map((cookie) => ({ cookie })),
          ),
          { nil: undefined },
        ),
      )
      .chain(([subset, sticky]) =>
        fc
          .array(fc.integer({ min: 0, max: 10_000 }), {
            minLength: subset.length,
            maxLength: subset.length,
          })
          .map((weights): RouteSpec => {
            if (!weights.some((w) => w > 0)) weights[0] = 1;
            const spec = {
              kind: "weighted" as const,
              targets: subset.map((target, i) => ({ target, weight: weights[i]! })),
            };
            return sticky === undefined ? spec : { ...spec, sticky };
          }),
      );
    const rule = fc.record({
      header: token,
      match: fc.constantFrom("exact" as const, "prefix" as const, "regex" as const),
      value: fc.string({ unit: fc.constantFrom(..."abc019."), minLength: 1, maxLength: 8 }),
      target: pick,
    });
    const header = fc
      .tuple(fc.array(rule, { minLength: 1, maxLength: 8 }), pick)
      .map(([rules, fallback]): RouteSpec => ({ kind: "header", rules, default: fallback }));
    const canary = fc
      .tuple(
        fc.shuffledSubarray(list, { minLength: 2, maxLength: 2 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
      )
      .map(([[primary, other], percent]): RouteSpec => ({
        kind: "canary",
        primary: primary!,
        canary: other!,
        percent,
      }));
    return fc.oneof(single, weighted, header, canary).map((spec) => ({ spec, targets }));
  });
}
