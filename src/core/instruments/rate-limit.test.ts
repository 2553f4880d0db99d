import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RateLimits } from "./rate-limit.js";

const S = 1000;

describe("rate limits (spec §6.1, §12.1 #43–46, §13.2)", () => {
  it("limits a key until its expiry, exclusive", () => {
    const r = new RateLimits();
    expect(r.hit("claude-code", 60 * S, 100 * S)).toEqual({ expiresAtMs: 160 * S, extended: true });
    expect(r.isLimited("claude-code", 100 * S)).toBe(true);
    expect(r.isLimited("claude-code", 159_999)).toBe(true);
    expect(r.isLimited("claude-code", 160 * S)).toBe(false);
    expect(r.isLimited("gemini-cli", 100 * S)).toBe(false);
    expect(r.expiresAt("claude-code")).toBe(160 * S);
  });

  it("extends but never shortens the expiry", () => {
    const r = new RateLimits();
    r.hit("claude-code", 60 * S, 0);
    expect(r.hit("claude-code", 10 * S, 5 * S)).toEqual({ expiresAtMs: 60 * S, extended: false });
    expect(r.hit("claude-code", 60 * S, 0)).toEqual({ expiresAtMs: 60 * S, extended: false });
    expect(r.hit("claude-code", 100 * S, 5 * S)).toEqual({ expiresAtMs: 105 * S, extended: true });
    expect(r.expiresAt("claude-code")).toBe(105 * S);
  });

  it("lets an instrument limit cover all its models, and a model limit only that model", () => {
    const r = new RateLimits();
    r.hit("claude-code:opus", 60 * S, 0);
    expect(r.isLimited("claude-code:opus", S)).toBe(true);
    expect(r.isLimited("claude-code:sonnet", S)).toBe(false);
    expect(r.isLimited("claude-code", S)).toBe(false);
    r.hit("claude-code", 30 * S, 0);
    expect(r.isLimited("claude-code:sonnet", S)).toBe(true);
    expect(r.isLimited("claude-code:sonnet", 30 * S)).toBe(false);
    expect(r.isLimited("claude-code:opus", 30 * S)).toBe(true);
  });

  it("expires a key only when due, so a superseded timer is a no-op", () => {
    const r = new RateLimits();
    r.hit("claude-code", 60 * S, 0);
    r.hit("claude-code", 120 * S, 10 * S);
    expect(r.expire("claude-code", 60 * S)).toBe(false);
    expect(r.isLimited("claude-code", 60 * S)).toBe(true);
    expect(r.expire("claude-code", 130 * S)).toBe(true);
    expect(r.expiresAt("claude-code")).toBeNull();
    expect(r.expire("claude-code", 130 * S)).toBe(false);
    expect(r.expire("unknown", 130 * S)).toBe(false);
  });

  it("expires a model limit without touching its instrument's", () => {
    const r = new RateLimits();
    r.hit("claude-code", 100 * S, 0);
    r.hit("claude-code:opus", 50 * S, 0);
    expect(r.expire("claude-code:opus", 50 * S)).toBe(true);
    expect(r.limitedKeys(50 * S)).toEqual(["claude-code"]);
  });

  it("lists the keys limited at a time, sorted", () => {
    const r = new RateLimits();
    r.hit("b", 10 * S, 0);
    r.hit("a:m", 20 * S, 0);
    r.hit("a", 5 * S, 0);
    expect(r.limitedKeys(0)).toEqual(["a", "a:m", "b"]);
    expect(r.limitedKeys(6 * S)).toEqual(["a:m", "b"]);
    expect(r.limitedKeys(20 * S)).toEqual([]);
    expect(r.entries()).toEqual([
      ["a", 5 * S],
      ["a:m", 20 * S],
      ["b", 10 * S],
    ]);
  });

  it("clears one instrument with its models, one model, or everything", () => {
    const r = new RateLimits();
    const fill = () => {
      r.hit("a", S, 0);
      r.hit("a:m", S, 0);
      r.hit("b:n", S, 0);
    };
    fill();
    expect(r.clear("a")).toEqual(["a", "a:m"]);
    expect(r.limitedKeys(0)).toEqual(["b:n"]);
    expect(r.clear("b")).toEqual(["b:n"]);
    fill();
    expect(r.clear("a:m")).toEqual(["a:m"]);
    expect(r.clear("a:m")).toEqual([]);
    expect(r.clear()).toEqual(["a", "b:n"]);
    fill();
    expect(r.clear(null)).toEqual(["a", "a:m", "b:n"]);
    expect(r.clear(null)).toEqual([]);
  });

  it("clears nothing for an unknown or empty name (F-200, F-201)", () => {
    const r = new RateLimits();
    r.hit("a", S, 0);
    expect(r.clear("")).toEqual([]);
    expect(r.clear("unknown")).toEqual([]);
    expect(r.clear("a:unknown")).toEqual([]);
    expect(r.limitedKeys(0)).toEqual(["a"]);
  });

  it("rejects bad keys, negative or NaN waits and times", () => {
    const r = new RateLimits();
    expect(() => r.hit("", S, 0)).toThrow(TypeError);
    expect(() => r.hit("a:", S, 0)).toThrow(TypeError);
    expect(() => r.hit("a", -1, 0)).toThrow(TypeError);
    expect(() => r.hit("a", Number.NaN, 0)).toThrow(TypeError);
    expect(() => r.hit("a", S, Number.NaN)).toThrow(TypeError);
    expect(() => r.expire("a", Number.NaN)).toThrow(TypeError);
    expect(r.isLimited("", 0)).toBe(false);
  });

  it("keeps the expiry at the latest hit's end, for any sequence of hits (property)", () => {
    const hit = fc.record({
      key: fc.constantFrom("a", "a:m", "a:n", "b"),
      wait: fc.nat({ max: 1000 }),
      now: fc.nat({ max: 1000 }),
    });
    fc.assert(
      fc.property(fc.array(hit, { maxLength: 40 }), fc.nat({ max: 2500 }), (hits, probe) => {
        const r = new RateLimits();
        const latest = new Map<string, number>();
        for (const h of hits) {
          r.hit(h.key, h.wait, h.now);
          latest.set(h.key, Math.max(latest.get(h.key) ?? 0, h.now + h.wait));
        }
        const own = (k: string) => (latest.get(k) ?? -1) > probe;
        for (const k of ["a", "a:m", "a:n", "b"]) {
          expect(r.expiresAt(k)).toBe(latest.get(k) ?? null);
          const covered = k.startsWith("a:") ? own(k) || own("a") : own(k);
          expect(r.isLimited(k, probe)).toBe(covered);
        }
      }),
    );
  });
});
