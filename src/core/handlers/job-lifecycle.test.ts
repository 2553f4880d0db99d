import { describe, expect, it } from "vitest";
import { coreHarness } from "../../../test/support/core-harness.js";
import {
  a2aTaskCompleted,
  a2aTaskFailed,
  a2aTaskSubmitted,
  cancelJob,
  configReloaded,
  cronTick,
  dispatchRetry,
  instrumentFallback,
  jobTimeout,
  pacingComplete,
  resumeJob,
  retryDue,
  sheetSkipped,
  shutdownRequested,
  staleCheck,
  type BatonEvent,
} from "../index.js";

const sheets = (n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ sheetNum: i + 1, instrument: "a", ...extra }));

describe("pacing (spec §6.4)", () => {
  it("pauses between sheets after a completion, but not while siblings run (GH#167)", () => {
    const h = coreHarness();
    h.core.registerInstrument("a", { maxConcurrent: 10 });
    h.core.registerJob("j", sheets(4), new Map([[4, [1]]]), { pacingSeconds: 5 });
    const [d1, d2, d3] = h.run();
    h.send(h.result(d1!)); // siblings in flight: no pacing, sheet 4 goes at once
    expect(h.dispatched.at(-1)!.sheetNum).toBe(4);
    const d4 = h.dispatched.at(-1)!;
    h.send(h.result(d2!), h.result(d3!));
    expect(h.core.getReadySheets("j")).toEqual([]);
    h.send(h.result(d4));
    expect(h.core.isJobComplete("j")).toBe(true);
  });

  it("a keyed pacing timer: a stale PacingComplete never ends a newer window early", () => {
    const h = coreHarness();
    h.core.registerJob(
      "j",
      sheets(3),
      new Map([
        [2, [1]],
        [3, [2]],
      ]),
      { pacingSeconds: 5 },
    );
    const [d1] = h.run();
    expect(h.send(h.result(d1!))).toEqual([]);
    expect(h.advance(5_000).map((d) => d.sheetNum)).toEqual([2]);
    expect(h.send(h.result(h.dispatched.at(-1)!))).toEqual([]);
    expect(h.core.getReadySheets("j")).toEqual([]);
    expect(h.advance(5_000).map((d) => d.sheetNum)).toEqual([3]);
    h.send(pacingComplete({ jobId: "j" }, h.now())); // harmless
  });
});

describe("job timeout, cancel, shutdown (spec §2.3.9, §2.3.16, §2.3.17)", () => {
  it("§12.1 #61: the job timeout is scheduled at registration and cancels unfinished sheets only", () => {
    const h = coreHarness({ jobTimeoutMs: 60_000 });
    h.core.registerJob("j", sheets(2), new Map([[2, [1]]]));
    const [d] = h.run();
    h.send(h.result(d!));
    const d2 = h.dispatched.at(-1)!;
    h.advance(60_000);
    expect([h.status("j", 1), h.status("j", 2)]).toEqual(["completed", "cancelled"]);
    expect(h.effectsOf("cancelAttempt")).toEqual([
      { kind: "cancelAttempt", jobId: "j", sheetNum: 2, attemptId: d2.attemptId },
    ]);
    expect(h.core.runningSheetCount).toBe(0);
    h.send(h.result(d2)); // late result after the timeout
    expect(h.status("j", 2)).toBe("cancelled");
  });

  it("the job timeout is cancelled on completion", () => {
    const h = coreHarness({ jobTimeoutMs: 60_000 });
    h.core.registerJob("j", sheets(1));
    const [d] = h.run();
    h.send(h.result(d!));
    expect(h.core.nextTimerDueAt()).toBeUndefined();
    h.send(jobTimeout({ jobId: "j" }, h.now()));
    expect(h.status("j", 1)).toBe("completed");
  });

  it("§12.1 #63 F-062: cancel deregisters the job with its cost limits, keeps instruments, and late events are no-ops", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(2), new Map(), { costLimitUsd: 5 });
    h.core.setSheetCostLimit("j", 1, 1);
    h.core.registerJob("k", sheets(1));
    const [d] = h.run();
    h.send(cancelJob({ jobId: "j" }, h.now()));
    expect(h.core.jobCount).toBe(1);
    expect(h.core.getInstrumentState("a")).not.toBeNull();
    expect(h.effectsOf("persist")).toContainEqual({ kind: "persist", jobId: "j", removed: true });
    h.send(h.result(d!), retryDue({ jobId: "j", sheetNum: 1 }, h.now()));
    expect(h.core.deregisterJob("j")).toBe(false);
    h.core.registerJob("j", sheets(1)); // a fresh registration after deregistration
    expect(h.core.getSheetState("j", 1)!.status).toBe("pending");
  });

  it("§12.1 #62: graceful shutdown changes no sheet; immediate cancels every unfinished one", () => {
    const g = coreHarness();
    g.core.registerJob("j", sheets(2, { maxRetries: 0 }), new Map(), { escalationEnabled: true });
    const [d] = g.run();
    g.send(g.result(d!, { executionSuccess: false }));
    g.core.shutdown({ graceful: true });
    expect([g.status("j", 1), g.status("j", 2)]).toEqual(["fermata", "dispatched"]);
    const i = coreHarness();
    i.core.registerJob("j", sheets(2));
    i.run(1);
    const effects = i.core.shutdown({ graceful: false });
    expect([i.status("j", 1), i.status("j", 2)]).toEqual(["cancelled", "cancelled"]);
    expect(effects.filter((e) => e.kind === "cancelAttempt")).toHaveLength(1);
    expect(i.core.isShuttingDown).toBe(true);
  });
});

describe("stale checks (spec §6.6)", () => {
  it("fire at timeout + 60 s for the current attempt, ask the shell, and re-check every 60 s", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(1, { timeoutSeconds: 10 }));
    const [d] = h.run();
    h.advance(69_999);
    expect(h.effectsOf("checkStale")).toEqual([]);
    h.advance(1);
    expect(h.effectsOf("checkStale")).toEqual([
      { kind: "checkStale", jobId: "j", sheetNum: 1, attemptId: d!.attemptId },
    ]);
    h.advance(60_000);
    expect(h.effectsOf("checkStale")).toHaveLength(2);
    h.send(h.result(d!, { executionSuccess: false, errorClassification: "STALE" }));
    h.advance(600_000);
    expect(h.effectsOf("checkStale")).toHaveLength(2);
    h.send(staleCheck({ jobId: "j", sheetNum: 1, attemptId: "old" }, h.now()));
    expect(h.effectsOf("checkStale")).toHaveLength(2);
  });
});

describe("cron ticks (spec §2.3.8)", () => {
  it("start a run, drop ticks while it is active (no overlap), and start again once it completes", () => {
    const h = coreHarness();
    const tick = () => cronTick({ entryName: "nightly", scorePath: "score.yaml" }, h.now());
    h.send(tick());
    expect(h.effectsOf("startRun")).toHaveLength(1);
    h.core.registerJob("run-1", sheets(1), new Map(), { cronEntry: "nightly" });
    const [d] = h.run();
    h.send(tick(), tick()); // a burst after downtime: no catch-up, no overlap
    expect(h.effectsOf("startRun")).toHaveLength(1);
    expect(h.effectsOf("log").filter((l) => l.message === "baton.cron.tick_dropped")).toHaveLength(
      2,
    );
    h.send(h.result(d!));
    h.send(tick());
    expect(h.effectsOf("startRun")).toHaveLength(2);
  });
});

describe("A2A routing (spec §10)", () => {
  it("routes a task to the target job's inbox and its result back to the requester", () => {
    const h = coreHarness();
    h.core.registerJob("planner", sheets(1));
    h.core.registerJob("coder", sheets(1));
    h.send(
      a2aTaskSubmitted(
        {
          jobId: "planner",
          sheetNum: 1,
          targetAgent: "coder",
          taskDescription: "write it",
          context: { x: 1 },
        },
        h.now(),
      ),
    );
    expect(h.effectsOf("observe").map((o) => o.event.name)).toContain("baton.a2a.task.routed");
    const [task] = h.core.takeA2ATasks("coder");
    expect(task).toMatchObject({
      sourceJobId: "planner",
      description: "write it",
      status: "accepted",
    });
    h.send(
      a2aTaskCompleted(
        { jobId: "coder", sheetNum: 1, taskId: task!.taskId, artifacts: { file: "a.ts" } },
        h.now(),
      ),
    );
    h.send(
      a2aTaskFailed({ jobId: "coder", sheetNum: 1, taskId: task!.taskId, reason: "late" }, h.now()),
    );
    expect(h.core.getA2AResults("planner")).toEqual([
      {
        taskId: task!.taskId,
        sheetNum: 1,
        status: "completed",
        artifacts: { file: "a.ts" },
        reason: null,
      },
    ]);
  });

  it("fails a task for an unknown target straight back to the requester", () => {
    const h = coreHarness();
    h.core.registerJob("planner", sheets(1));
    h.send(
      a2aTaskSubmitted(
        { jobId: "planner", sheetNum: 1, targetAgent: "ghost", taskDescription: "x" },
        h.now(),
      ),
    );
    expect(h.core.getA2AResults("planner")[0]).toMatchObject({ status: "failed" });
  });
});

describe("config reload and resume with a new config (spec §7.5 [RECOMMEND])", () => {
  const config = (instrument: string, maxRetries = 3) => ({
    sheets: [1, 2, 3].map((n) => ({ sheetNum: n, instrument, maxRetries })),
    dependencies: { "3": [2] },
  });

  it("rebuilds unfinished sheets from the new config and keeps terminal ones and in-flight attempts", () => {
    const h = coreHarness();
    h.core.registerInstrument("a", { maxConcurrent: 2 });
    h.core.registerJob("j", sheets(3), new Map([[3, [2]]]));
    const [d1, d2] = h.run();
    h.send(h.result(d1!));
    h.send(configReloaded({ jobId: "j", newConfig: config("b", 7) }, h.now()));
    expect(h.status("j", 1)).toBe("completed");
    expect(h.status("j", 2)).toBe("dispatched");
    h.send(h.result(d2!));
    const d3 = h.dispatched.at(-1)!;
    expect(d3).toMatchObject({ sheetNum: 3, instrument: "b" });
    expect(h.core.getSheetState("j", 3)!.maxRetries).toBe(7);
    expect(h.core.getInstrumentState("a")!.inFlight).toBe(0);
  });

  it("ResumeJob with a new config rebuilds, then lifts the user pause; a bad config is logged and changes nothing", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(3), new Map([[3, [2]]]));
    h.send(configReloaded({ jobId: "j", newConfig: { sheets: "nope" } }, h.now()));
    expect(h.effectsOf("log").some((l) => l.message === "baton.event_handler_failed")).toBe(true);
    h.send(resumeJob({ jobId: "j", newConfig: config("c") }, h.now()));
    expect(h.core.getSheetState("j", 1)!.instrumentName).toBe("a"); // dispatched before: kept
    expect(h.core.getSheetState("j", 3)!.instrumentName).toBe("c");
  });
});

describe("robustness (spec §2.1)", () => {
  it("§12.1 #64: handleEvent never throws, for unknown jobs, unknown types or bad payloads", () => {
    const h = coreHarness();
    const junk = [
      sheetSkipped({ jobId: "ghost", sheetNum: 1, reason: "" }, h.now()),
      { type: "Nope", timestamp: 0 } as unknown as BatonEvent,
      shutdownRequested({}, h.now()),
    ];
    for (const e of junk) expect(() => h.core.handleEvent(e)).not.toThrow();
    expect(
      h.core.runOnce(() => undefined).some((e) => e.kind === "log" && e.level === "error"),
    ).toBe(true);
  });

  it("getDiagnostics counts statuses and instruments; null for unknown jobs", () => {
    const h = coreHarness();
    h.core.registerJob("j", [...sheets(2), { sheetNum: 3, instrument: "b" }]);
    h.run(1);
    expect(h.core.getDiagnostics("j")).toEqual({
      jobId: "j",
      paused: false,
      pauseReasons: [],
      sheets: { total: 3, dispatched: 1, pending: 2 },
      instrumentsUsed: ["a", "b"],
      costUsd: 0,
    });
    expect(h.core.getDiagnostics("zz")).toBeNull();
  });

  it("§12.1 #69: calculateRetryDelay starts at the base, never decreases, caps, tolerates negatives", () => {
    const h = coreHarness();
    const delays = [-3, 0, 1, 2, 20].map((i) => h.core.calculateRetryDelay(i));
    expect(delays).toEqual([10_000, 10_000, 20_000, 40_000, 3_600_000]);
  });
});

describe("no-op and timer-only events", () => {
  it("InstrumentFallback and DispatchRetry change nothing; RetryDue moves only a RETRY_SCHEDULED sheet", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(1));
    const [d] = h.run();
    h.send(
      instrumentFallback(
        { jobId: "j", sheetNum: 1, fromInstrument: "a", toInstrument: "b", reason: "unavailable" },
        h.now(),
      ),
      dispatchRetry(h.now()),
      retryDue({ jobId: "j", sheetNum: 1 }, h.now()),
    );
    expect(h.status("j", 1)).toBe("dispatched");
    expect(h.core.getSheetState("j", 1)!.instrumentName).toBe("a");
    expect(h.effectsOf("observe").map((o) => o.event.name)).toEqual(
      expect.arrayContaining([
        "baton.instrument.fallback",
        "baton.dispatch.retry",
        "baton.sheet.dispatched",
      ]),
    );
    // The dispatch event's own stamp is monotonic (spec §2); its record is on the wall clock.
    const record = h.effectsOf("observe").find((o) => o.event.name === "baton.sheet.dispatched");
    expect(record!.event.timestamp).toBe(h.now());
    h.send(h.result(d!));
  });

  it("job-level events for unknown jobs are logged and ignored", () => {
    const h = coreHarness();
    h.send(cancelJob({ jobId: "ghost" }, h.now()), jobTimeout({ jobId: "ghost" }, h.now()));
    expect(
      h.effectsOf("log").filter((l) => l.message === "baton.event.unknown_target"),
    ).toHaveLength(2);
  });
});
