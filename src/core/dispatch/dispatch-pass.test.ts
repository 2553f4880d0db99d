import { describe, expect, it } from "vitest";
import { coreHarness } from "../../../test/support/core-harness.js";
import {
  circuitBreakerRecovery,
  pauseJob,
  rateLimitExpired,
  rateLimitHit,
  shutdownRequested,
} from "../index.js";

// The dispatch pass (spec §4) with the limits, and the instrument health it reads.

const sheets = (n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ sheetNum: i + 1, instrument: "a", ...extra }));

describe("dispatch pass (spec §4)", () => {
  it("§12.1 #52: never exceeds the global ceiling or the instrument and model caps; ceiling 0 dispatches nothing", () => {
    const h = coreHarness();
    h.core.registerInstrument("a", { maxConcurrent: 3 });
    h.core.setModelConcurrency("a", "big", 1);
    h.core.registerJob("j", [
      ...sheets(4),
      ...sheets(2, { model: "big" }).map((s, i) => ({ ...s, sheetNum: 5 + i })),
    ]);
    expect(h.run(0)).toEqual([]);
    expect(h.run(2)).toHaveLength(2);
    const more = h.run(10);
    expect(more).toHaveLength(1); // instrument cap 3 reached
    expect(h.core.getInstrumentState("a")!.inFlight).toBe(3);
    const config = h.core.buildDispatchConfig();
    expect(config.maxConcurrentSheets).toBe(10);
    expect(config.instrumentConcurrency.get("a")).toBe(3);
    expect(config.modelConcurrency.get("a:big")).toBe(1);
  });

  it("§12.1 #53: nothing is dispatched for paused jobs, rate-limited instruments or during shutdown", () => {
    const h = coreHarness();
    h.core.registerJob("p", sheets(1));
    h.core.inbox.enqueue(pauseJob({ jobId: "p" }, h.now()));
    h.core.registerJob("r", sheets(1, { instrument: "b" }));
    h.core.inbox.enqueue(
      rateLimitHit({ instrument: "b", waitSeconds: 60, jobId: "r", sheetNum: 1 }, h.now()),
    );
    expect(h.run()).toEqual([]);
    h.core.registerJob("s", sheets(1, { instrument: "c" }));
    expect(h.send(shutdownRequested({ graceful: true }, h.now()))).toEqual([]);
  });

  it("§12.1 #54/#55: a throwing callback leaves its sheet PENDING and the others go out", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(2));
    h.failDispatchWhen((d) => d.sheetNum === 1);
    expect(h.run().map((d) => d.sheetNum)).toEqual([2]);
    expect(h.status("j", 1)).toBe("pending");
    expect(h.core.getInstrumentState("a")!.inFlight).toBe(1);
    h.failDispatchWhen(null);
    expect(h.run().map((d) => d.sheetNum)).toEqual([1]);
  });

  it("§4.4 [RECOMMEND]: round-robin across jobs, so a later job is not starved", () => {
    const h = coreHarness();
    h.core.registerInstrument("a", { maxConcurrent: 100 });
    h.core.registerJob("first", sheets(10));
    h.core.registerJob("second", sheets(10));
    const ds = h.run(4);
    expect(ds.map((d) => d.jobId)).toEqual(["first", "second", "first", "second"]);
  });

  it("§12.1 #27: an OPEN instrument with a chain falls back at dispatch (`unavailable`); without one the sheet waits", () => {
    const h = coreHarness({ breakers: { threshold: 1 } });
    h.core.registerInstrument("a", { maxConcurrent: 1 });
    h.core.registerJob("j", [
      { sheetNum: 1, instrument: "a", maxRetries: 5 },
      { sheetNum: 2, instrument: "a", fallbackChain: ["b"] },
      { sheetNum: 3, instrument: "a" },
    ]);
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false }));
    expect(h.core.getOpenCircuitBreakers()).toEqual(new Set(["a"]));
    const ds = h.dispatched.slice(1);
    expect(ds.map((x) => [x.sheetNum, x.instrument])).toEqual([[2, "b"]]);
    expect(h.core.drainFallbackEvents().map((e) => e.reason)).toEqual(["unavailable"]);
    expect(h.status("j", 3)).toBe("pending");
  });

  it("§12.1 #47–#50 + §13.2: the breaker opens at the threshold, recovers to HALF_OPEN after 30 s, admits ONE probe", () => {
    const h = coreHarness();
    h.core.registerInstrument("a", { maxConcurrent: 10 });
    h.core.registerJob("j", sheets(8, { maxRetries: 9 }));
    const first = h.run();
    for (const d of first.slice(0, 5)) h.send(h.result(d, { executionSuccess: false }));
    expect(h.core.getInstrumentState("a")!.circuitBreaker).toBe("open");
    for (const d of first.slice(5)) h.send(h.result(d, { executionSuccess: false }));
    h.clock.advance(29_999);
    h.core.tick();
    expect(h.run()).toEqual([]);
    const probe = h.advance(1);
    expect(h.core.getInstrumentState("a")!.circuitBreaker).toBe("half_open");
    expect(probe).toHaveLength(1);
    expect(h.run()).toEqual([]); // probe in flight: nothing else
    h.send(h.result(probe[0]!, { executionSuccess: false })); // reopens, 60 s now
    expect(h.core.getInstrumentState("a")!.circuitBreaker).toBe("open");
    expect(h.core.getInstrumentState("a")!.circuitBreakerRecoveryAt).toBe(h.now() + 60_000);
    const probe2 = h.advance(60_000);
    expect(probe2).toHaveLength(1);
    const rest = h.send(h.result(probe2[0]!, { validationsTotal: 0 }));
    expect(h.core.getInstrumentState("a")!.circuitBreaker).toBe("closed");
    expect(rest.length).toBeGreaterThan(1);
  });

  it("§12.1 #50: a recovery event for a CLOSED or unknown instrument is a no-op", () => {
    const h = coreHarness();
    h.core.registerInstrument("a");
    h.send(
      circuitBreakerRecovery({ instrument: "a" }, h.now()),
      circuitBreakerRecovery({ instrument: "zz" }, h.now()),
    );
    expect(h.core.getInstrumentState("a")!.circuitBreaker).toBe("closed");
  });
});

describe("rate limits (spec §6.1)", () => {
  it("§12.1 #43 (§13.2 fix): a hit flags the instrument inline; in-flight sheets are not re-labelled", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(2));
    const [d1, d2] = h.run();
    h.send(h.result(d1!, { executionSuccess: false, rateLimited: true, rateLimitWaitSeconds: 30 }));
    expect(h.status("j", 1)).toBe("waiting");
    expect(h.status("j", 2)).toBe("dispatched");
    expect(h.core.getRateLimitedInstruments()).toEqual(new Set(["a"]));
    expect(h.core.getInstrumentState("a")).toMatchObject({ rateLimited: true, isAvailable: false });
    h.send(h.result(d2!));
    expect(h.status("j", 2)).toBe("completed");
  });

  it("§12.1 #44/#45: the expiry timer returns WAITING sheets to PENDING; a newer hit extends it", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(1));
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false, rateLimited: true, rateLimitWaitSeconds: 30 }));
    h.clock.advance(10_000);
    h.send(rateLimitHit({ instrument: "a", waitSeconds: 60, jobId: "j", sheetNum: 1 }, h.now()));
    expect(h.advance(20_000)).toEqual([]);
    expect(h.status("j", 1)).toBe("waiting");
    expect(h.advance(40_000)).toHaveLength(1);
    expect(h.core.getSheetState("j", 1)!.normalAttempts).toBe(0);
  });

  it("a WAITING sheet with a fallback moves on when its instrument is limited (rate_limit, announced)", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(1, { fallbackChain: ["b"] }));
    const [d] = h.run();
    const [next] = h.send(h.result(d!, { executionSuccess: false, rateLimited: true }));
    expect(next).toMatchObject({ instrument: "b" });
    expect(h.core.drainFallbackEvents().map((e) => e.reason)).toEqual(["rate_limit"]);
  });

  it("§13.2: per-model limits block only that model", () => {
    const h = coreHarness();
    h.core.registerJob("j", [
      { sheetNum: 1, instrument: "a", model: "m1" },
      { sheetNum: 2, instrument: "a", model: "m2" },
    ]);
    h.core.inbox.enqueue(
      rateLimitHit(
        { instrument: "a", model: "m1", waitSeconds: 60, jobId: "j", sheetNum: 1 },
        h.now(),
      ),
    );
    expect(h.run().map((d) => d.sheetNum)).toEqual([2]);
    expect(h.core.getRateLimitedInstruments()).toEqual(new Set(["a:m1"]));
    expect(h.send(rateLimitExpired({ instrument: "a", model: "m1" }, h.now()))).toEqual([]); // not due yet
    expect(h.advance(60_000).map((d) => d.sheetNum)).toEqual([1]);
  });

  it("§12.1 #46 F-200/F-201: manual clear — a name clears it, unknown or empty clears nothing, none clears all", () => {
    const h = coreHarness();
    h.core.registerJob("j", [...sheets(1), { sheetNum: 2, instrument: "b" }]);
    const [d1, d2] = h.run();
    h.send(
      h.result(d1!, { executionSuccess: false, rateLimited: true }),
      h.result(d2!, { executionSuccess: false, rateLimited: true }),
    );
    expect(h.core.clearInstrumentRateLimit("unknown")).toBe(0);
    expect(h.core.clearInstrumentRateLimit("")).toBe(0);
    expect(h.core.clearInstrumentRateLimit("a")).toBe(1);
    expect(h.core.clearInstrumentRateLimit("a")).toBe(0);
    expect(h.status("j", 1)).toBe("pending");
    expect(h.status("j", 2)).toBe("waiting");
    expect(h.core.clearInstrumentRateLimit()).toBe(1);
    expect(h.run()).toHaveLength(2);
    expect(h.core.nextTimerDueAt()).toBeGreaterThan(h.now()); // stale timers only (stale checks)
  });
});
