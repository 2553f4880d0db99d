import { describe, expect, it } from "vitest";
import { FakeClock } from "../../common/index.js";
import { OutlierEjector } from "./outlier-ejector.js";

const S = 1000;
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `t${i}`);

function fail(e: OutlierEjector, id: string, times = 5): void {
  for (let i = 0; i < times; i++) e.onFailure(id, e.tryAcquire(id));
}

describe("OutlierEjector", () => {
  it("ejects a target after 5 consecutive failures and brings it back through one probe", () => {
    const clock = new FakeClock();
    const e = new OutlierEjector(clock, ids(3));
    fail(e, "t0");
    expect(e.isAvailable("t0")).toBe(false);
    expect(e.isAvailable("t1")).toBe(true);
    expect(e.ejectedCount).toBe(1);
    expect(e.tryAcquire("t0")).toBe("reject");
    clock.advance(30 * S);
    expect(e.isAvailable("t0")).toBe(true);
    expect(e.tryAcquire("t0")).toBe("probe");
    expect(e.isAvailable("t0")).toBe(false); // the probe is out
    e.onSuccess("t0", "probe");
    expect(e.breaker("t0").state).toBe("closed");
    expect(e.ejectedCount).toBe(0);
  });

  it("never ejects more than max(1, ⌊10 % × n⌋) targets (Envoy max_ejection_percent)", () => {
    for (const [n, cap] of [
      [1, 1],
      [3, 1],
      [19, 1],
      [20, 2],
      [35, 3],
    ] as const) {
      const e = new OutlierEjector(new FakeClock(), ids(n));
      expect(e.maxEjected).toBe(cap);
      for (const id of ids(n)) fail(e, id);
      expect(e.ejectedCount).toBe(cap);
    }
  });

  it("ejects a held-back target once room frees up", () => {
    const clock = new FakeClock();
    const e = new OutlierEjector(clock, ids(2));
    fail(e, "t0");
    fail(e, "t1");
    expect(e.isAvailable("t1")).toBe(true);
    clock.advance(30 * S);
    e.onSuccess("t0", e.tryAcquire("t0"));
    fail(e, "t1", 1); // its count is already past the threshold
    expect(e.isAvailable("t1")).toBe(false);
  });

  it("counts half-open targets as ejected, and a failed probe re-opens past the cap", () => {
    const clock = new FakeClock();
    const e = new OutlierEjector(clock, ids(2), { maxEjectionPercent: 50 });
    fail(e, "t0");
    clock.advance(30 * S);
    expect(e.breaker("t0").state).toBe("half_open");
    expect(e.ejectedCount).toBe(1);
    fail(e, "t1");
    expect(e.isAvailable("t1")).toBe(true);
    e.onFailure("t0", e.tryAcquire("t0"));
    expect(e.breaker("t0").state).toBe("open");
    expect(e.breaker("t0").retryAtMs).toBe(clock.monoMs() + 60 * S);
  });

  it("keeps breakers of kept targets across a new target set and ignores stale reports", () => {
    const e = new OutlierEjector(new FakeClock(), ids(2), { maxEjectionPercent: 100 });
    fail(e, "t0");
    e.setTargets(["t0", "t9"]);
    expect(e.isAvailable("t0")).toBe(false);
    expect(e.isAvailable("t9")).toBe(true);
    expect(() => e.isAvailable("t1")).toThrow(TypeError);
    e.onFailure("t1", "admit");
    e.onSuccess("t1", "admit");
    e.release("t1", "probe");
    expect(e.ejectedCount).toBe(1);
  });

  it("passes breaker options through and rejects bad input (programmer errors)", () => {
    const e = new OutlierEjector(new FakeClock(), ids(1), { consecutiveFailures: 1 });
    fail(e, "t0", 1);
    expect(e.isAvailable("t0")).toBe(false);
    expect(() => new OutlierEjector(new FakeClock(), ["a", "a"])).toThrow(TypeError);
    expect(() => new OutlierEjector(new FakeClock(), [], { maxEjectionPercent: 101 })).toThrow(
      TypeError,
    );
    expect(() => e.tryAcquire("nope")).toThrow(TypeError);
    expect(() => new OutlierEjector(new FakeClock(), [], { baseOpenMs: -1 })).toThrow(TypeError);
  });

  it("gives a target that moved (a new service behind the same id) a fresh breaker", () => {
    const clock = new FakeClock();
    const e = new OutlierEjector(clock, [], { consecutiveFailures: 2, maxEjectionPercent: 100 });
    e.setTargets([{ id: "live", host: "127.0.0.1", port: 4001 }]);
    for (let i = 0; i < 2; i++) e.onFailure("live", e.tryAcquire("live"));
    expect(e.isAvailable("live")).toBe(false);
    e.setTargets([{ id: "live", host: "127.0.0.1", port: 4001 }]); // the same: still open
    expect(e.isAvailable("live")).toBe(false);
    e.setTargets([{ id: "live", host: "127.0.0.1", port: 4002 }]);
    expect(e.isAvailable("live")).toBe(true);
  });
});
