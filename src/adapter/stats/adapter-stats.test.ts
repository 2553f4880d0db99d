import { describe, expect, it } from "vitest";
import { FakeClock } from "../../common/index.js";
import { AdapterStats, ERROR_KINDS, TrafficStats } from "./adapter-stats.js";
import { MAX_ERROR_MESSAGE_CHARS } from "./defaults.js";

const T0_MS = 1_735_689_600_000;

describe("TrafficStats", () => {
  it("counts requests, responses by class, errors by kind, bytes and connections", () => {
    const clock = new FakeClock(T0_MS);
    const s = new TrafficStats(clock);
    s.recordRequest();
    s.recordRequest();
    s.recordResponse(200, 10);
    s.recordResponse(503, 30);
    s.recordResponse(101, 1);
    s.recordBytes(100, 2000);
    s.recordBytes(0, 5);
    s.connectionOpened();
    s.connectionOpened();
    s.connectionClosed();
    clock.advance(5);
    s.recordError("connect", "ECONNREFUSED 127.0.0.1:9");
    s.recordError("breaker_open", "target t0 ejected");
    const snap = s.snapshot();
    expect(snap).toMatchObject({
      requests: 2,
      responses: { "1xx": 1, "2xx": 1, "3xx": 0, "4xx": 0, "5xx": 1 },
      bytesIn: 100,
      bytesOut: 2005,
      activeConnections: 1,
      lastError: { kind: "breaker_open", message: "target t0 ejected", atMs: T0_MS + 5 },
    });
    expect(Object.keys(snap.errors)).toEqual([...ERROR_KINDS]);
    expect(snap.errors.connect).toBe(1);
    expect(snap.errors.breaker_open).toBe(1);
    expect(snap.errors.timeout).toBe(0);
    expect(snap.latency.count).toBe(3);
    expect(snap.latency.maxMs).toBe(30);
    expect(snap.latency.p50Ms).toBeCloseTo(10, 0);
    expect(snap.latency.p99Ms).toBe(30);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap); // plain JSON
  });

  it("starts empty with no last error", () => {
    const snap = new TrafficStats(new FakeClock()).snapshot();
    expect(snap.requests).toBe(0);
    expect(snap.lastError).toBeNull();
    expect(snap.latency).toEqual({
      count: 0,
      meanMs: 0,
      maxMs: 0,
      p50Ms: 0,
      p90Ms: 0,
      p95Ms: 0,
      p99Ms: 0,
    });
  });

  it("cuts long error messages", () => {
    const s = new TrafficStats(new FakeClock());
    s.recordError("fault", "x".repeat(10_000));
    expect(s.snapshot().lastError?.message).toHaveLength(MAX_ERROR_MESSAGE_CHARS);
  });

  it("rejects bad statuses, kinds, byte counts and unmatched closes (programmer errors)", () => {
    const s = new TrafficStats(new FakeClock());
    for (const status of [99, 600, 200.5, NaN])
      expect(() => s.recordResponse(status, 1)).toThrow(TypeError);
    expect(() => s.recordError("nope" as never, "x")).toThrow(TypeError);
    expect(() => s.recordBytes(-1, 0)).toThrow(TypeError);
    expect(() => s.recordBytes(0, NaN)).toThrow(TypeError);
    expect(() => s.connectionClosed()).toThrow(TypeError);
    expect(s.activeConnections).toBe(0);
  });
});

describe("AdapterStats", () => {
  it("creates per-target counters once per id, in first-seen order", () => {
    const stats = new AdapterStats(new FakeClock());
    const a = stats.target("stable");
    expect(stats.target("stable")).toBe(a);
    a.recordRequest();
    stats.target("canary").recordRequest();
    stats.total.recordRequest();
    const snap = stats.snapshot();
    expect(snap.requests).toBe(1);
    expect(snap.targets.map((t) => [t.target, t.requests])).toEqual([
      ["stable", 1],
      ["canary", 1],
    ]);
    expect(snap.otherTargets).toBeNull();
  });

  it("lumps targets past the cap into one 'other' bucket", () => {
    const stats = new AdapterStats(new FakeClock(), 2);
    stats.target("a");
    stats.target("b");
    const c = stats.target("c");
    expect(stats.target("d")).toBe(c);
    expect(stats.target("a")).not.toBe(c);
    c.recordRequest();
    stats.target("e").recordRequest();
    const snap = stats.snapshot();
    expect(snap.targets.map((t) => t.target)).toEqual(["a", "b"]);
    expect(snap.otherTargets?.requests).toBe(2);
  });

  it("defaults to 256 tracked targets and rejects a bad cap", () => {
    const stats = new AdapterStats(new FakeClock());
    for (let i = 0; i < 300; i++) stats.target(`t${i}`).recordRequest();
    const snap = stats.snapshot();
    expect(snap.targets).toHaveLength(256);
    expect(snap.otherTargets?.requests).toBe(44);
    expect(() => new AdapterStats(new FakeClock(), -1)).toThrow(TypeError);
  });
});
