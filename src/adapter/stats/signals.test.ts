import { describe, expect, it } from "vitest";
import {
  MAX_SIGNAL_METHOD_CHARS,
  MAX_SIGNAL_PATH_CHARS,
  SIGNAL_BUFFER_CAPACITY,
} from "./defaults.js";
import { SignalBuffer, type Signal } from "./signals.js";

const signal = (n: number, over: Partial<Signal> = {}): Signal => ({
  method: "GET",
  path: `/items/${n}`,
  status: 200,
  latencyMs: n,
  target: "stable",
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  atMs: 1_000 + n,
  ...over,
});

describe("SignalBuffer", () => {
  it("drains recorded signals oldest first and empties", () => {
    const buffer = new SignalBuffer();
    buffer.record(signal(1));
    buffer.record(signal(2, { target: null }));
    expect(buffer.size).toBe(2);
    expect(buffer.drain()).toEqual([signal(1), signal(2, { target: null })]);
    expect(buffer.drain()).toEqual([]);
  });

  it("is bounded: the oldest are overwritten and counted (default 10 000)", () => {
    const small = new SignalBuffer(3);
    for (let i = 0; i < 5; i++) small.record(signal(i));
    expect(small.dropped).toBe(2);
    expect(small.drain().map((s) => s.latencyMs)).toEqual([2, 3, 4]);
    const big = new SignalBuffer();
    for (let i = 0; i < SIGNAL_BUFFER_CAPACITY + 7; i++) big.record(signal(i));
    expect(big.size).toBe(SIGNAL_BUFFER_CAPACITY);
    expect(big.dropped).toBe(7);
  });

  it("drops the query string and cuts long paths and methods", () => {
    const buffer = new SignalBuffer();
    buffer.record(signal(1, { path: "/login?token=secret&x=1" }));
    buffer.record(signal(2, { path: `/${"a".repeat(5000)}` }));
    buffer.record(signal(3, { method: "M".repeat(100) }));
    const [q, long, method] = buffer.drain();
    expect(q?.path).toBe("/login");
    expect(long?.path).toHaveLength(MAX_SIGNAL_PATH_CHARS);
    expect(method?.method).toHaveLength(MAX_SIGNAL_METHOD_CHARS);
    expect(method?.path).toBe("/items/3");
  });

  it("rejects a bad capacity (programmer error)", () => {
    expect(() => new SignalBuffer(0)).toThrow(TypeError);
  });
});
