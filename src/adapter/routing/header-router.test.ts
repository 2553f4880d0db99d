import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HeaderRouter } from "./header-router.js";
import type { HeaderRoute } from "./route-spec.js";
import type { RouteRequest } from "./router.js";

function request(headers: Record<string, string>): RouteRequest {
  const map = new Map(Object.entries(headers));
  return { method: "GET", path: "/", header: (name) => map.get(name) };
}

const ROUTE: HeaderRoute = {
  kind: "header",
  rules: [
    { header: "X-Version", match: "exact", value: "v2", target: "v2" },
    { header: "user-agent", match: "prefix", value: "curl/", target: "tools" },
    { header: "x-tenant", match: "regex", value: "acme-[0-9]+", target: "acme" },
    { header: "x-version", match: "prefix", value: "v", target: "any-version" },
  ],
  default: "stable",
};

describe("HeaderRouter", () => {
  const router = new HeaderRouter(ROUTE);

  it("matches exact, prefix and regex rules; header names compare lowercased", () => {
    expect(router.pick(request({ "x-version": "v2" }))).toBe("v2");
    expect(router.pick(request({ "user-agent": "curl/8.5" }))).toBe("tools");
    expect(router.pick(request({ "x-tenant": "acme-42" }))).toBe("acme");
  });

  it("takes the first matching rule", () => {
    expect(router.pick(request({ "x-version": "v2", "user-agent": "curl/8" }))).toBe("v2");
    expect(router.pick(request({ "x-version": "v3" }))).toBe("any-version");
  });

  it("falls back to the default when nothing matches or the header is missing", () => {
    expect(router.pick(request({}))).toBe("stable");
    expect(router.pick(request({ "x-version": "V2" }))).toBe("stable"); // values are case-sensitive
    expect(router.pick(request({ "user-agent": "Mozilla curl/" }))).toBe("stable");
    expect(router.pick(request({ "x-tenant": "acme-42x" }))).toBe("stable"); // regex is a full match
    expect(router.pick(request({ "x-tenant": "" }))).toBe("stable");
  });

  it("does not let a regex keep state between requests", () => {
    const tenant = request({ "x-tenant": "acme-1" });
    for (let i = 0; i < 5; i++) expect(router.pick(tenant)).toBe("acme");
  });

  it("falls through unavailable matches to the next match, then the default", () => {
    const req = request({ "x-version": "v2" });
    expect(router.pick(req, (t) => t !== "v2")).toBe("any-version");
    expect(router.pick(req, (t) => t === "stable")).toBe("stable");
    expect(router.pick(request({}), (t) => t !== "acme")).toBe("stable");
  });

  it("returns the normal pick when nothing it could pick is available (panic mode)", () => {
    expect(router.pick(request({ "x-version": "v2" }), () => false)).toBe("v2");
    expect(router.pick(request({}), () => false)).toBe("stable");
  });

  it("is deterministic and always answers a target of the route (property)", () => {
    const names = ["x-version", "user-agent", "x-tenant", "other"];
    const headers = fc.dictionary(fc.constantFrom(...names), fc.string({ maxLength: 10 }));
    const targets = new Set([...ROUTE.rules.map((r) => r.target), ROUTE.default]);
    fc.assert(
      fc.property(headers, fc.func(fc.boolean()), (h, isAvailable) => {
        const picked = router.pick(request(h), isAvailable);
        expect(targets.has(picked)).toBe(true);
        expect(router.pick(request(h), isAvailable)).toBe(picked);
      }),
    );
  });
});
