import { describe, expect, it } from "vitest";
import { coreHarness } from "../../../test/support/core-harness.js";
import {
  escalationNeeded,
  escalationResolved,
  pauseJob,
  resourceAnomaly,
  resumeJob,
} from "../index.js";

// Fermata, escalation timeouts and pause reasons (spec §5.5, §2.3.11–15, §13.2).

function fermataJob(sheetsCount = 2) {
  const h = coreHarness({ escalationTimeoutMs: 60_000 });
  h.core.registerJob(
    "j",
    Array.from({ length: sheetsCount }, (_, i) => ({
      sheetNum: i + 1,
      instrument: "a",
      maxRetries: 0,
    })),
    new Map(),
    { escalationEnabled: true },
  );
  for (const d of h.run()) h.send(h.result(d, { executionSuccess: false }));
  return h;
}

describe("escalation (spec §5.5)", () => {
  it("§12.1 #23: entering FERMATA pauses the job and does not cascade", () => {
    const h = coreHarness();
    h.core.registerJob(
      "j",
      [1, 2].map((n) => ({ sheetNum: n, instrument: "a", maxRetries: 0 })),
      new Map([[2, [1]]]),
      { escalationEnabled: true },
    );
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false }));
    expect([h.status("j", 1), h.status("j", 2)]).toEqual(["fermata", "pending"]);
    expect(h.core.isJobPaused("j")).toBe(true);
  });

  it("§12.1 #39: decisions retry→PENDING, skip→SKIPPED, accept→COMPLETED, other→FAILED", () => {
    const h = fermataJob(2);
    h.send(escalationResolved({ jobId: "j", sheetNum: 1, decision: "accept" }, h.now()));
    expect(h.status("j", 1)).toBe("completed");
    expect(h.core.isJobPaused("j")).toBe(true); // F-066: sheet 2 still waits
    h.send(escalationResolved({ jobId: "j", sheetNum: 2, decision: "nope" }, h.now()));
    expect(h.status("j", 2)).toBe("failed");
    expect(h.core.getSheetState("j", 2)!.errorMessage).toBe(
      "Escalation resolved with decision: nope",
    );
    const g = fermataJob(2);
    g.send(escalationResolved({ jobId: "j", sheetNum: 1, decision: "skip" }, g.now()));
    expect(g.status("j", 1)).toBe("skipped");
    expect(g.core.getSheetState("j", 1)!.errorCode).toBeNull();
    g.send(escalationResolved({ jobId: "j", sheetNum: 2, decision: "retry" }, g.now()));
    expect(g.dispatched.at(-1)!.sheetNum).toBe(2); // F-066: last fermata gone → unpaused, dispatched
  });

  it("§12.1 #35/#36 F-066: resolution never lifts a user pause, and only the last FERMATA lifts escalation", () => {
    const h = fermataJob(1);
    h.send(pauseJob({ jobId: "j" }, h.now()));
    h.send(escalationResolved({ jobId: "j", sheetNum: 1, decision: "retry" }, h.now()));
    expect(h.core.getJobPauseReasons("j")).toEqual(["user"]);
    h.send(resumeJob({ jobId: "j" }, h.now()));
    expect(h.core.isJobPaused("j")).toBe(false);
  });

  it("§12.1 #37 F-067: an escalation un-pause re-checks the cost limit", () => {
    const h = coreHarness();
    h.core.registerJob("j", [{ sheetNum: 1, instrument: "a", maxRetries: 0 }], new Map(), {
      escalationEnabled: true,
    });
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false, costUsd: 3 }));
    h.core.setJobCostLimit("j", 1);
    h.send(escalationResolved({ jobId: "j", sheetNum: 1, decision: "retry" }, h.now()));
    expect(h.core.getJobPauseReasons("j")).toEqual(["cost"]);
  });

  it("§13.2 fix of §12.1 #38: a user resume does not lift an escalation pause; FERMATA stays resolvable", () => {
    const h = fermataJob(1);
    h.send(resumeJob({ jobId: "j" }, h.now()));
    expect(h.core.getJobPauseReasons("j")).toEqual(["escalation"]);
    h.send(escalationResolved({ jobId: "j", sheetNum: 1, decision: "accept" }, h.now()));
    expect(h.core.isJobComplete("j")).toBe(true);
  });

  it("escalation timeouts are scheduled on entry and fail the sheet, not the job, on expiry", () => {
    const h = fermataJob(1);
    h.advance(59_999);
    expect(h.status("j", 1)).toBe("fermata");
    h.advance(1);
    expect(h.status("j", 1)).toBe("failed");
    expect(h.core.getSheetState("j", 1)!.errorMessage).toBe(
      "Escalation timed out with no response",
    );
    expect(h.core.isJobPaused("j")).toBe(false);
  });

  it("resolution cancels the escalation timer; a resolution after timeout is a no-op", () => {
    const h = fermataJob(1);
    h.send(escalationResolved({ jobId: "j", sheetNum: 1, decision: "retry" }, h.now()));
    const d = h.dispatched.at(-1)!;
    h.advance(120_000);
    expect(h.status("j", 1)).toBe("dispatched");
    h.send(h.result(d, { executionSuccess: false }));
    h.advance(60_000);
    h.send(escalationResolved({ jobId: "j", sheetNum: 1, decision: "accept" }, h.now()));
    expect(h.status("j", 1)).toBe("failed");
  });

  it("EscalationNeeded parks a waiting sheet but never re-labels an in-flight one (§13.2)", () => {
    const h = coreHarness();
    h.core.registerJob(
      "j",
      [1, 2].map((n) => ({ sheetNum: n, instrument: "a" })),
      new Map([[2, [1]]]),
    );
    h.run();
    h.send(escalationNeeded({ jobId: "j", sheetNum: 1, reason: "?" }, h.now()));
    expect(h.status("j", 1)).toBe("dispatched");
    h.send(escalationNeeded({ jobId: "j", sheetNum: 2, reason: "?" }, h.now()));
    expect(h.status("j", 2)).toBe("fermata");
    expect(h.core.isJobPaused("j")).toBe(true);
  });
});

describe("pause reasons (spec §13.2)", () => {
  it("§12.1 #34: a resource all-clear never lifts a user or cost pause; resume lifts only its own reason", () => {
    const h = coreHarness();
    h.core.registerJob("j", [{ sheetNum: 1, instrument: "a" }]);
    h.send(pauseJob({ jobId: "j" }, h.now()));
    h.send(resourceAnomaly({ severity: "critical", metric: "memory", value: 95 }, h.now()));
    expect(h.core.getJobPauseReasons("j")).toEqual(["resource", "user"]);
    h.send(resourceAnomaly({ severity: "warning", metric: "memory", value: 50 }, h.now()));
    expect(h.core.getJobPauseReasons("j")).toEqual(["user"]);
    expect(h.dispatched).toEqual([]);
    h.send(resumeJob({ jobId: "j", reason: "resource" }, h.now()));
    expect(h.core.isJobPaused("j")).toBe(true);
    h.send(resumeJob({ jobId: "j" }, h.now()));
    expect(h.dispatched).toHaveLength(1);
  });

  it("§12.1 #42: cost and pause state are isolated per job", () => {
    const h = coreHarness();
    h.core.registerJob("j", [{ sheetNum: 1, instrument: "a" }], new Map(), { costLimitUsd: 0 });
    h.core.registerJob("k", [{ sheetNum: 1, instrument: "a" }]);
    const [dj, dk] = h.run();
    h.send(
      h.result(dj!, { executionSuccess: false, costUsd: 1 }),
      pauseJob({ jobId: "k" }, h.now()),
    );
    expect(h.core.getJobPauseReasons("j")).toEqual(["cost"]);
    expect(h.core.getJobPauseReasons("k")).toEqual(["user"]);
    h.send(h.result(dk!));
    expect(h.status("k", 1)).toBe("completed");
  });
});
