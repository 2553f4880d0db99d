import { describe, expect, it } from "vitest";
import { coreHarness } from "../../../test/support/core-harness.js";
import { processExited, sheetAttemptResult } from "../index.js";

// Event scripts for the decision tree of spec §2.3.1; test names carry the §12 numbers.

function oneSheet(spec: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
  const h = coreHarness();
  h.core.registerJob("j", [{ sheetNum: 1, instrument: "a", ...spec }], new Map(), options);
  return h;
}

const FAIL = { executionSuccess: false, errorMessage: "boom" } as const;

describe("SheetAttemptResult (spec §2.3.1)", () => {
  it("§12.1 #6/#7 F-055: rate-limited results never spend budget and leave the sheet WAITING", () => {
    const h = oneSheet();
    let [d] = h.run();
    for (let i = 0; i < 5; i++) {
      h.send(
        h.result(d!, { executionSuccess: false, rateLimited: true, rateLimitWaitSeconds: 10 }),
      );
      expect(h.status("j", 1)).toBe("waiting");
      expect(h.core.getSheetState("j", 1)!.normalAttempts).toBe(0);
      [d] = h.advance(10_000);
    }
    expect(d).toBeDefined();
    expect(h.core.getSheetState("j", 1)!.attemptResults).toHaveLength(5);
  });

  it("§12.1 #11: with maxRetries n the n-th failure exhausts, earlier ones back off 10 s, 20 s", () => {
    const h = oneSheet({ maxRetries: 3 });
    let [d] = h.run();
    h.send(h.result(d!, FAIL));
    expect(h.status("j", 1)).toBe("retry_scheduled");
    expect(h.core.getSheetState("j", 1)!.nextRetryAt).toBe(h.now() + 10_000);
    expect(h.advance(9_999)).toEqual([]);
    [d] = h.advance(1);
    h.send(h.result(d!, FAIL));
    expect(h.core.getSheetState("j", 1)!.nextRetryAt).toBe(h.now() + 20_000);
    [d] = h.advance(20_000);
    expect(d!.attempt).toBe(3);
    h.send(h.result(d!, FAIL));
    expect(h.status("j", 1)).toBe("failed");
    expect(h.core.getSheetState("j", 1)!.errorCode).toBe("E999");
    expect(h.core.getSheetState("j", 1)!.errorMessage).toBe("boom");
  });

  it("§12.1 #11: maxRetries 0 fails on the first failure", () => {
    const h = oneSheet({ maxRetries: 0 });
    const [d] = h.run();
    h.send(h.result(d!, FAIL));
    expect(h.status("j", 1)).toBe("failed");
  });

  it("§12.1 #12 F-018: success with no validations completes whatever rate is reported", () => {
    const h = oneSheet();
    const [d] = h.run();
    h.send(h.result(d!, { validationsTotal: 0, validationPassRate: 0 }));
    expect(h.status("j", 1)).toBe("completed");
  });

  it("§12.1 #13: 100 % and above complete, 99.99 % goes to completion mode", () => {
    for (const [rate, status] of [
      [100, "completed"],
      [150, "completed"],
      [99.99, "retry_scheduled"],
    ] as const) {
      const h = oneSheet();
      const [d] = h.run();
      h.send(h.result(d!, { validationsTotal: 3, validationsPassed: 2, validationPassRate: rate }));
      expect(h.status("j", 1)).toBe(status);
    }
  });

  it("§12.1 #14: a partial result spends one completion attempt and no normal attempt; next dispatch is completion mode", () => {
    const h = oneSheet();
    let [d] = h.run();
    h.send(h.result(d!, { validationsTotal: 4, validationsPassed: 2, validationPassRate: 50 }));
    const s = h.core.getSheetState("j", 1)!;
    expect([s.completionAttempts, s.normalAttempts]).toEqual([1, 0]);
    [d] = h.advance(10_000);
    expect(d).toMatchObject({ mode: "completion", attempt: 2 });
  });

  it("§12.1 #15 F-065: success at 0 % with validations spends a normal attempt and fails after maxRetries", () => {
    const h = oneSheet({ maxRetries: 2 });
    let [d] = h.run();
    h.send(h.result(d!, { validationsTotal: 2, validationPassRate: 0 }));
    expect(h.core.getSheetState("j", 1)!.normalAttempts).toBe(1);
    [d] = h.advance(10_000);
    h.send(h.result(d!, { validationsTotal: 2, validationPassRate: 0 }));
    expect(h.status("j", 1)).toBe("failed");
    expect(h.core.getSheetState("j", 1)!.errorMessage).toBe(
      "Validation failed (0% pass rate) after 2 attempts",
    );
  });

  it("§12.1 #16 B5: success flagged rate-limited is a success", () => {
    const h = oneSheet();
    const [d] = h.run();
    h.send(h.result(d!, { rateLimited: true }));
    expect(h.status("j", 1)).toBe("completed");
    expect(h.core.getRateLimitedInstruments().size).toBe(0);
  });

  it("B6: rateLimitPrimary false turns a 429-flagged failure into an ordinary failure", () => {
    const h = oneSheet();
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false, rateLimited: true, rateLimitPrimary: false }));
    expect(h.status("j", 1)).toBe("retry_scheduled");
    expect(h.core.getSheetState("j", 1)!.normalAttempts).toBe(1);
  });

  it("§12.1 #17: AUTH_FAILURE without a fallback fails at once with E502 and skips dependents", () => {
    const h = coreHarness();
    h.core.registerJob(
      "j",
      [1, 2].map((n) => ({ sheetNum: n, instrument: "a", maxRetries: 5 })),
      new Map([[2, [1]]]),
      { selfHealingEnabled: true, escalationEnabled: true },
    );
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false, errorClassification: "AUTH_FAILURE" }));
    expect(h.status("j", 1)).toBe("failed");
    expect(h.core.getSheetState("j", 1)!.errorCode).toBe("E502");
    expect(h.status("j", 2)).toBe("skipped");
    expect(h.core.getSheetState("j", 2)!.errorCode).toBe("E999");
  });

  it("AUTH_FAILURE with a fallback moves on at once and announces it", () => {
    const h = oneSheet({ fallbackChain: ["b"] });
    const [d] = h.run();
    const [next] = h.send(
      h.result(d!, { executionSuccess: false, errorClassification: "AUTH_FAILURE" }),
    );
    expect(next).toMatchObject({ instrument: "b", attempt: 1 });
    expect(h.core.drainFallbackEvents().map((e) => e.reason)).toEqual(["auth_failure"]);
  });

  it("§12.1 #18: a late success completes a RETRY_SCHEDULED sheet; results for terminal sheets are ignored", () => {
    const h = oneSheet();
    const [d] = h.run();
    h.send(h.result(d!, FAIL));
    const late = sheetAttemptResult(
      { jobId: "j", sheetNum: 1, instrumentName: "a", attempt: 1 },
      h.now(),
    );
    h.send(late);
    expect(h.status("j", 1)).toBe("completed");
    h.send(sheetAttemptResult({ ...late, executionSuccess: false }, h.now()));
    expect(h.status("j", 1)).toBe("completed");
  });

  it("§13.4 attempt ids: a duplicate or stale result is ignored", () => {
    const h = oneSheet();
    let [d] = h.run();
    const first = d!;
    h.send(h.result(first, FAIL));
    [d] = h.advance(10_000);
    h.send(h.result(first, { validationsTotal: 0 })); // late duplicate of attempt 1
    expect(h.status("j", 1)).toBe("dispatched");
    expect(d!.attemptId).not.toBe(first.attemptId);
    h.send(h.result(d!, { validationsTotal: 0 }));
    h.send(h.result(d!, FAIL)); // duplicate of attempt 2
    expect(h.status("j", 1)).toBe("completed");
    expect(h.core.getSheetState("j", 1)!.attemptResults).toHaveLength(2);
  });

  it("§12.1 #19/#40: the job cost limit is checked after every result, strictly above pauses", () => {
    const h = coreHarness();
    h.core.registerJob(
      "j",
      [1, 2].map((n) => ({ sheetNum: n, instrument: "a" })),
      new Map(),
      {
        costLimitUsd: 1,
      },
    );
    const [d1, d2] = h.run();
    h.send(h.result(d1!, { costUsd: 1 }));
    expect(h.core.isJobPaused("j")).toBe(false); // equal does not pause
    h.send(h.result(d2!, { executionSuccess: false, costUsd: 0.01 }));
    expect(h.core.getJobPauseReasons("j")).toEqual(["cost"]);
    expect(h.advance(10_000)).toEqual([]); // retry due but paused
    h.core.setJobCostLimit("j", 5); // raising the limit lifts the cost pause
    expect(h.run()).toHaveLength(1);
  });

  it("§12.1 #41 F-080: the sheet cost limit fails on the failure path only", () => {
    const h = coreHarness();
    h.core.registerJob(
      "j",
      [1, 2].map((n) => ({ sheetNum: n, instrument: "a" })),
    );
    h.core.setSheetCostLimit("j", 1, 1);
    h.core.setSheetCostLimit("j", 2, 1);
    const [d1, d2] = h.run();
    h.send(h.result(d1!, { costUsd: 5 }));
    h.send(h.result(d2!, { executionSuccess: false, costUsd: 5 }));
    expect(h.status("j", 1)).toBe("completed");
    expect(h.status("j", 2)).toBe("failed");
    expect(h.core.getSheetState("j", 2)!.errorMessage).toBe(
      "Sheet cost $5.00 exceeded limit $1.00",
    );
  });

  it("§12.1 #20/#21/#22: exhaustion order fallback → healing → fermata", () => {
    const h = oneSheet(
      { maxRetries: 1, fallbackChain: ["b"] },
      { selfHealingEnabled: true, escalationEnabled: true },
    );
    let [d] = h.run();
    [d] = h.send(
      h.result(d!, { executionSuccess: false, errorClassification: "EXECUTION_TIMEOUT" }),
    );
    expect(d).toMatchObject({ instrument: "b" });
    expect(h.core.getSheetState("j", 1)!.instrumentFallbackHistory[0]).toMatchObject({
      from: "a",
      to: "b",
      reason: "execution_timeout",
    });
    h.send(h.result(d!, FAIL));
    expect(h.status("j", 1)).toBe("retry_scheduled"); // healing
    [d] = h.advance(10_000);
    expect(d!.mode).toBe("healing");
    h.send(h.result(d!, FAIL));
    expect(h.status("j", 1)).toBe("fermata");
    expect(h.core.getJobPauseReasons("j")).toEqual(["escalation"]);
  });

  it("§12.1 #20 path 4: the completion budget running out uses the remaining normal budget, spending one", () => {
    const h = oneSheet({ maxRetries: 3, maxCompletion: 1 });
    const [d] = h.run();
    h.send(h.result(d!, { validationsTotal: 2, validationsPassed: 1, validationPassRate: 50 }));
    expect(h.status("j", 1)).toBe("retry_scheduled");
    expect(h.core.getSheetState("j", 1)!.normalAttempts).toBe(1);
  });

  it("§12.1 #59 F-063: ProcessExited on a DISPATCHED sheet costs one attempt at $0 and is recorded", () => {
    const h = oneSheet();
    const [d] = h.run();
    h.send(
      processExited(
        { jobId: "j", sheetNum: 1, pid: 42, exitCode: 9, attemptId: d!.attemptId },
        h.now(),
      ),
    );
    const s = h.core.getSheetState("j", 1)!;
    expect(s.status).toBe("retry_scheduled");
    expect(s.normalAttempts).toBe(1);
    expect(s.lastAttempt).toMatchObject({ errorClassification: "PROCESS_CRASH", costUsd: 0 });
    expect(s.lastAttempt!.errorMessage).toBe("Backend process 42 exited unexpectedly with code 9");
    h.send(processExited({ jobId: "j", sheetNum: 1, pid: 42 }, h.now())); // not DISPATCHED: no-op
    expect(h.core.getSheetState("j", 1)!.normalAttempts).toBe(1);
  });

  it("results for unknown jobs or sheets are logged and ignored", () => {
    const h = oneSheet();
    h.send(
      sheetAttemptResult({ jobId: "nope", sheetNum: 1, instrumentName: "a", attempt: 1 }, h.now()),
    );
    h.send(
      sheetAttemptResult({ jobId: "j", sheetNum: 9, instrumentName: "a", attempt: 1 }, h.now()),
    );
    expect(
      h.effectsOf("log").filter((l) => l.message === "baton.event.unknown_target"),
    ).toHaveLength(2);
  });
});
