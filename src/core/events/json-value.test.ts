import { describe, expect, it } from "vitest";
import { frozenJson, frozenJsonObject } from "./json-value.js";

describe("frozen JSON copies", () => {
  it("copies plain JSON deeply and freezes every level", () => {
    const input = { a: [1, { b: "c" }], d: null, e: true };
    const copy = frozenJsonObject(input, "x");
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
    expect(Object.isFrozen(copy)).toBe(true);
    expect(Object.isFrozen(copy.a)).toBe(true);
    expect(Object.isFrozen((copy.a as readonly unknown[])[1])).toBe(true);
    expect(Object.isFrozen(input)).toBe(false);
  });

  it("keeps a __proto__ key as data, not as a prototype", () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const copy = frozenJsonObject(input, "x");
    expect(Object.keys(copy)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true}}');
  });

  it("accepts objects without a prototype and turns -0 into 0", () => {
    const bare = Object.assign(Object.create(null) as object, { n: -0 });
    expect(Object.is((frozenJsonObject(bare, "x") as { n: number }).n, 0)).toBe(true);
  });

  it("names the path of the first value JSON cannot carry", () => {
    expect(() => frozenJson({ a: [1, undefined] }, "cfg")).toThrow(
      "cfg.a[1] must be a JSON value (got undefined)",
    );
    expect(() => frozenJson({ a: Infinity }, "cfg")).toThrow("cfg.a must be a finite number");
    expect(() => frozenJson({ m: new Map() }, "cfg")).toThrow(
      "cfg.m must be a JSON value (got object)",
    );
    expect(() => frozenJson(10n, "cfg")).toThrow(TypeError);
  });

  it("rejects a value that contains itself but accepts shared branches", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => frozenJson(loop, "cfg")).toThrow("cfg.self must not contain itself");
    const shared = { k: 1 };
    expect(frozenJson({ a: shared, b: shared }, "cfg")).toEqual({ a: { k: 1 }, b: { k: 1 } });
  });

  it("insists on an object where one is required", () => {
    for (const v of [null, [], "s", 1])
      expect(() => frozenJsonObject(v, "cfg")).toThrow("cfg must be a JSON object");
  });
});
