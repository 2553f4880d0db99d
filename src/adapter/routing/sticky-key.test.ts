import { describe, expect, it } from "vitest";
import { fmix32, fnv1a32 } from "./hash.js";
import type { RouteRequest } from "./router.js";
import { NO_STICKY_KEY, StickyKeyReader } from "./sticky-key.js";

function request(headers: Record<string, string>): RouteRequest {
  const map = new Map(Object.entries(headers));
  return { method: "GET", path: "/", header: (name) => map.get(name) };
}

describe("StickyKeyReader", () => {
  it("hashes a header value, reading the header by its lowercase name", () => {
    const reader = new StickyKeyReader({ header: "X-User" });
    expect(reader.hashOf(request({ "x-user": "alice" }))).toBe(fmix32(fnv1a32("alice")));
    expect(reader.hashOf(request({ "X-User": "alice" }))).toBe(NO_STICKY_KEY);
  });

  it("hashes one cookie's value from the Cookie header", () => {
    const reader = new StickyKeyReader({ cookie: "sid" });
    const hash = reader.hashOf(request({ cookie: "theme=dark; sid=abc; x=1" }));
    expect(hash).toBe(fmix32(fnv1a32("abc")));
    expect(reader.hashOf(request({ cookie: "sid=abc" }))).toBe(hash);
  });

  it("gives NO_STICKY_KEY for a missing header, missing cookie or empty value", () => {
    const byHeader = new StickyKeyReader({ header: "x-user" });
    const byCookie = new StickyKeyReader({ cookie: "sid" });
    expect(byHeader.hashOf(request({}))).toBe(NO_STICKY_KEY);
    expect(byHeader.hashOf(request({ "x-user": "" }))).toBe(NO_STICKY_KEY);
    expect(byCookie.hashOf(request({}))).toBe(NO_STICKY_KEY);
    expect(byCookie.hashOf(request({ cookie: "other=1" }))).toBe(NO_STICKY_KEY);
    expect(byCookie.hashOf(request({ cookie: "sid=; other=1" }))).toBe(NO_STICKY_KEY);
  });
});
