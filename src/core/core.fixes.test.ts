import { describe, expect, it } from "vitest";
import { coreHarness } from "../../test/support/core-harness.js";
import { resumeJob, pauseJob } from "./index.js";

// §12.2 fixes and the §12.1 invariants not pinned elsewhere, each named by its id.

const one = (extra: Record<string, unknown> = {}) => [{ sheetNum: 1, instrument: "a", ...extra }];

describe("§12.2 fixes", () => {
  it("F-112: a rate limit expires by itself (timer), no manual clear needed", () => {
    const h = coreHarness();
    h.core.registerJob("j", one());
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false, rateLimited: true }));
    expect(h.advance(60_000)).toHaveLength(1); // default wait 60 s
  });

  it("F-140: ResumeJob re-checks the job cost limit, so one cycle cannot bypass a cost pause", () => {
    const h = coreHarness();
    h.core.registerJob(
      "j",
      [1, 2].map((n) => ({ sheetNum: n, instrument: "a" })),
      new Map([[2, [1]]]),
      {
        costLimitUsd: 1,
      },
    );
    const [d] = h.run();
    h.send(h.result(d!, { costUsd: 2 }));
    h.send(pauseJob({ jobId: "j" }, h.now()), resumeJob({ jobId: "j" }, h.now()));
    h.send(resumeJob({ jobId: "j", reason: "cost" }, h.now()));
    expect(h.core.getJobPauseReasons("j")).toEqual(["cost"]);
    expect(h.dispatched).toHaveLength(1);
  });

  it("GH#169: opening a breaker schedules its recovery probe, so sheets behind it do not hang", () => {
    const h = coreHarness({ breakers: { threshold: 1 } });
    h.core.registerJob("j", one({ maxRetries: 3 }));
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false }));
    expect(h.core.nextTimerDueAt()).toBe(h.now() + 10_000); // retry first, recovery at +30 s
    expect(h.advance(10_000)).toEqual([]);
    expect(h.advance(20_000)).toHaveLength(1);
  });

  it("GH#337: a fallback clears the sheet's model so the fallback instrument uses its default", () => {
    const h = coreHarness();
    h.core.registerJob("j", one({ model: "opus", fallbackChain: ["b"], maxRetries: 0 }));
    const [d] = h.run();
    const [next] = h.send(h.result(d!, { executionSuccess: false }));
    expect(next).toMatchObject({ instrument: "b", model: null });
  });
});

describe("§12.1 invariants pinned here", () => {
  it("#8: normalAttempts never exceeds the non-rate-limited results received and only drops on fallback", () => {
    const h = coreHarness();
    h.core.registerJob("j", one({ maxRetries: 3, fallbackChain: ["b"] }));
    let [d] = h.run();
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      const now = h.send(h.result(d!, { executionSuccess: false }));
      seen.push(h.core.getSheetState("j", 1)!.normalAttempts);
      [d] = now.length > 0 ? now : h.advance(3_600_000);
    }
    expect(seen).toEqual([1, 2, 0, 1]); // third failure exhausts 'a' → fallback to 'b' resets
  });

  it("#48/#49: HALF_OPEN + success closes, HALF_OPEN + failure reopens with a doubled delay capped at 300 s", () => {
    const h = coreHarness({ breakers: { threshold: 1 } });
    h.core.registerJob("j", one({ maxRetries: 100 }));
    let [d] = h.run();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      h.send(h.result(d!, { executionSuccess: false }));
      const at = h.core.getInstrumentState("a")!.circuitBreakerRecoveryAt!;
      delays.push((at - h.now()) / 1000);
      [d] = h.advance(3_600_000);
    }
    expect(delays).toEqual([30, 60, 120, 240, 300, 300]);
    h.send(h.result(d!, { validationsTotal: 0 }));
    expect(h.core.getInstrumentState("a")!.circuitBreaker).toBe("closed");
  });

  it("#51: isAvailable ⇔ not rate-limited and breaker not OPEN", () => {
    const h = coreHarness();
    h.core.registerJob("j", one());
    const [d] = h.run();
    expect(h.core.getInstrumentState("a")!.isAvailable).toBe(true);
    h.send(h.result(d!, { executionSuccess: false, rateLimited: true }));
    expect(h.core.getInstrumentState("a")!.isAvailable).toBe(false);
  });

  it("#65: completion is signalled once per registration", () => {
    const h = coreHarness();
    h.core.registerJob("j", one());
    const [d] = h.run();
    h.send(h.result(d!));
    h.send(h.result(d!));
    h.run();
    expect(h.effectsOf("jobComplete")).toHaveLength(1);
  });
});
