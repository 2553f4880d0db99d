import { describe, expect, it } from "vitest";
import { coreHarness } from "../../../test/support/core-harness.js";
import { sheetAttemptResult, sheetDispatched } from "../index.js";
import { FALLBACK_HISTORY_CAP, SheetState } from "./sheet-state.js";

const r = (init: Record<string, unknown> = {}) =>
  sheetAttemptResult({ jobId: "j", sheetNum: 1, instrumentName: "a", attempt: 1, ...init }, 0);

describe("SheetState (spec §1.3)", () => {
  it("§12.1 #6/#9: recordAttempt sums cost and duration of every attempt, counts only failed non-rate-limited ones", () => {
    const s = new SheetState("j", { sheetNum: 1, instrument: "a" });
    s.recordAttempt(r({ costUsd: 1, durationSeconds: 2 }));
    s.recordAttempt(
      r({ executionSuccess: false, rateLimited: true, costUsd: 0.5, durationSeconds: 1 }),
    );
    s.recordAttempt(r({ executionSuccess: false, costUsd: 0.25 }));
    expect([s.normalAttempts, s.totalCostUsd, s.totalDurationSeconds]).toEqual([1, 1.75, 3]);
    expect(s.attemptResults).toHaveLength(3);
  });

  it("§12.1 #24: fallbacks go in order, zero the counters, remember the old count, clear the model, cap history at 50", () => {
    const chain = Array.from({ length: 60 }, (_, i) => `f${i}`);
    const s = new SheetState("j", {
      sheetNum: 1,
      instrument: "a",
      model: "m",
      fallbackChain: chain,
    });
    s.normalAttempts = 2;
    s.completionAttempts = 1;
    s.healingAttempts = 1;
    expect(s.advanceFallback("exhausted", 5)).toBe("f0");
    expect(s.fallbackAttempts.get("a")).toBe(2);
    expect([s.normalAttempts, s.completionAttempts, s.healingAttempts, s.model]).toEqual([
      0,
      0,
      1,
      null,
    ]);
    for (let i = 1; i < 60; i++) expect(s.advanceFallback("unavailable", i)).toBe(`f${i}`);
    expect(s.instrumentFallbackHistory).toHaveLength(FALLBACK_HISTORY_CAP);
    expect(s.instrumentFallbackHistory.at(-1)).toMatchObject({ from: "f58", to: "f59" });
    expect(s.advanceFallback("exhausted", 99)).toBeNull(); // used up: nothing changes
    expect(s.instrumentName).toBe("f59");
  });

  it("attempt ids never repeat for a sheet", () => {
    const s = new SheetState("j", { sheetNum: 3, instrument: "a" });
    expect([s.nextAttemptId(), s.nextAttemptId()]).toEqual(["j/3/1", "j/3/2"]);
  });
});

describe("fallbacks inside the core (spec §1.7)", () => {
  it("§12.1 #25/#26: each chain instrument gets a fresh budget; the reason comes from the last attempt", () => {
    const h = coreHarness();
    h.core.registerJob("j", [
      { sheetNum: 1, instrument: "a", maxRetries: 2, fallbackChain: ["b"] },
    ]);
    let [d] = h.run();
    h.send(h.result(d!, { validationsTotal: 2, validationPassRate: 0 }));
    [d] = h.advance(10_000);
    expect(d!.instrument).toBe("a"); // a 0 % result retries the same instrument first
    [d] = h.send(h.result(d!, { validationsTotal: 2, validationPassRate: 0 }));
    expect(d).toMatchObject({ instrument: "b", attempt: 1 });
    const [event] = h.core.drainFallbackEvents();
    expect(event!.reason).toBe("validation_failed");
    expect(h.core.getSheetState("j", 1)!.instrumentFallbackHistory[0]!.reason).toBe(
      "validation_failed",
    );
  });

  it("§12.1 #28: every primary and fallback instrument is registered at job registration, idempotently", () => {
    const h = coreHarness();
    h.core.registerInstrument("b", { maxConcurrent: 9 });
    h.core.registerJob("j", [{ sheetNum: 1, instrument: "a", fallbackChain: ["b", "c"] }]);
    expect(["a", "b", "c"].map((n) => h.core.getInstrumentState(n)?.maxConcurrent)).toEqual([
      4, 9, 4,
    ]);
  });

  it("§13.4: a SheetDispatched for a sheet already in flight is ignored, so it never runs twice at once", () => {
    const h = coreHarness();
    h.core.registerJob("j", [{ sheetNum: 1, instrument: "a" }]);
    const [d] = h.run();
    h.send(sheetDispatched({ jobId: "j", sheetNum: 1, instrument: "a", attemptId: "other" }, 0));
    expect(h.core.getSheetState("j", 1)!.attemptId).toBe(d!.attemptId);
    expect(h.core.runningSheetCount).toBe(1);
  });

  it("§13.2: a HALF_OPEN probe that ends without a verdict (rate limit) frees the probe slot", () => {
    const h = coreHarness({ breakers: { threshold: 1 } });
    h.core.registerJob(
      "j",
      [1, 2].map((n) => ({ sheetNum: n, instrument: "a", maxRetries: 5 })),
    );
    const [d1, d2] = h.run();
    h.send(h.result(d1!, { executionSuccess: false }), h.result(d2!, { executionSuccess: false }));
    const [probe] = h.advance(30_000);
    expect(h.core.getInstrumentState("a")!.circuitBreaker).toBe("half_open");
    h.send(
      h.result(probe!, { executionSuccess: false, rateLimited: true, rateLimitWaitSeconds: 1 }),
    );
    expect(h.advance(1_000)).toHaveLength(1); // one probe again, not zero, not two
  });
});
