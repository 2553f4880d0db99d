import { describe, expect, it } from "vitest";
import { a2aTaskCompleted, a2aTaskFailed, a2aTaskRouted, a2aTaskSubmitted } from "./a2a-events.js";
import { BATON_EVENT_TYPES, type BatonEvent, type BatonEventType } from "./baton-event.js";
import { cronTick, dispatchRetry, resourceAnomaly, shutdownRequested } from "./conductor-events.js";
import { escalationNeeded, escalationResolved, escalationTimeout } from "./escalation-events.js";
import {
  circuitBreakerRecovery,
  instrumentFallback,
  rateLimitExpired,
  rateLimitHit,
} from "./instrument-events.js";
import {
  cancelJob,
  configReloaded,
  jobTimeout,
  pacingComplete,
  pauseJob,
  resumeJob,
} from "./job-events.js";
import { OBSERVER_EVENT_NAMES, toObserverEvent } from "./observer-event.js";
import { sheetAttemptResult } from "./sheet-attempt-result.js";
import {
  processExited,
  retryDue,
  sheetDispatched,
  sheetSkipped,
  staleCheck,
} from "./sheet-events.js";

const T = 1_700_000_000_500;
const j = "job-7";
const s = { jobId: j, sheetNum: 3 };

type Scope = "sheet" | "job" | "global";

interface Row {
  readonly event: BatonEvent;
  readonly name: string;
  readonly scope: Scope;
  readonly data: Record<string, unknown>;
}

// Spec §2.5, written out by hand: name, scope and exact data of every event type, each built
// with values that differ from the defaults so a wrong mapping shows.
const TABLE: { readonly [K in BatonEventType]: Row } = {
  SheetAttemptResult: {
    event: sheetAttemptResult(
      {
        ...s,
        instrumentName: "claude-code",
        attempt: 2,
        attemptId: "a-9",
        executionSuccess: false,
        modelUsed: "opus",
        validationPassRate: 40,
        validationsPassed: 2,
        validationsTotal: 5,
        costUsd: 0.25,
        rateLimited: true,
        rateLimitPrimary: false,
        durationSeconds: 12.5,
        errorClassification: "EXECUTION_ERROR",
      },
      T,
    ),
    name: "baton.sheet.attempt_result",
    scope: "sheet",
    data: {
      instrument: "claude-code",
      model: "opus",
      attempt: 2,
      success: false,
      validation_pass_rate: 40,
      cost_usd: 0.25,
      rate_limited: true,
      duration_seconds: 12.5,
    },
  },
  SheetSkipped: {
    event: sheetSkipped({ ...s, reason: "start sheet" }, T),
    name: "baton.sheet.skipped",
    scope: "sheet",
    data: { reason: "start sheet" },
  },
  SheetDispatched: {
    event: sheetDispatched({ ...s, instrument: "gemini-cli", attemptId: "a-1" }, T),
    name: "baton.sheet.dispatched",
    scope: "sheet",
    data: { instrument: "gemini-cli" },
  },
  RateLimitHit: {
    event: rateLimitHit({ ...s, instrument: "claude-code", waitSeconds: 90, model: "opus" }, T),
    name: "baton.rate_limit.active",
    scope: "sheet",
    data: { instrument: "claude-code", estimated_seconds: 90 },
  },
  RateLimitExpired: {
    event: rateLimitExpired({ instrument: "claude-code", model: "opus" }, T),
    name: "baton.rate_limit.cleared",
    scope: "global",
    data: { instrument: "claude-code" },
  },
  RetryDue: {
    event: retryDue(s, T),
    name: "baton.sheet.retry_scheduled",
    scope: "sheet",
    data: {},
  },
  StaleCheck: {
    event: staleCheck({ ...s, attemptId: "a-1" }, T),
    name: "baton.sheet.stale_check",
    scope: "sheet",
    data: {},
  },
  CronTick: {
    event: cronTick({ entryName: "nightly", scorePath: "scores/n.yaml" }, T),
    name: "baton.cron.fired",
    scope: "global",
    data: { entry_name: "nightly", score_path: "scores/n.yaml" },
  },
  JobTimeout: {
    event: jobTimeout({ jobId: j }, T),
    name: "baton.job.timeout",
    scope: "job",
    data: {},
  },
  PacingComplete: {
    event: pacingComplete({ jobId: j }, T),
    name: "baton.pacing.complete",
    scope: "job",
    data: {},
  },
  EscalationNeeded: {
    event: escalationNeeded({ ...s, reason: "stuck", options: ["retry", "skip"] }, T),
    name: "baton.fermata",
    scope: "sheet",
    data: { reason: "stuck", options: ["retry", "skip"] },
  },
  EscalationResolved: {
    event: escalationResolved({ ...s, decision: "accept" }, T),
    name: "baton.fermata.resolved",
    scope: "sheet",
    data: { decision: "accept" },
  },
  EscalationTimeout: {
    event: escalationTimeout(s, T),
    name: "baton.fermata.timeout",
    scope: "sheet",
    data: {},
  },
  PauseJob: {
    event: pauseJob({ jobId: j, reason: "cost" }, T),
    name: "baton.job.paused",
    scope: "job",
    data: { reason: "cost" },
  },
  ResumeJob: {
    event: resumeJob({ jobId: j, newConfig: { pacingSeconds: 5 } }, T),
    name: "baton.job.resumed",
    scope: "job",
    data: { config_changed: true },
  },
  CancelJob: {
    event: cancelJob({ jobId: j }, T),
    name: "baton.job.cancelled",
    scope: "job",
    data: {},
  },
  ConfigReloaded: {
    event: configReloaded({ jobId: j, newConfig: { secret: "not in the record" } }, T),
    name: "baton.config.reloaded",
    scope: "job",
    data: {},
  },
  ShutdownRequested: {
    event: shutdownRequested({ graceful: false }, T),
    name: "baton.shutdown.requested",
    scope: "global",
    data: { graceful: false },
  },
  ProcessExited: {
    event: processExited({ ...s, pid: 321, exitCode: 137 }, T),
    name: "baton.process.exited",
    scope: "sheet",
    data: { pid: 321, exit_code: 137 },
  },
  ResourceAnomaly: {
    event: resourceAnomaly({ severity: "warning", metric: "cpu", value: 88 }, T),
    name: "baton.resource.anomaly",
    scope: "global",
    data: { severity: "warning", metric: "cpu", value: 88 },
  },
  InstrumentFallback: {
    event: instrumentFallback(
      { ...s, fromInstrument: "a", toInstrument: "b", reason: "execution_timeout" },
      T,
    ),
    name: "baton.instrument.fallback",
    scope: "sheet",
    data: { from_instrument: "a", to_instrument: "b", reason: "execution_timeout" },
  },
  DispatchRetry: {
    event: dispatchRetry(T),
    name: "baton.dispatch.retry",
    scope: "global",
    data: {},
  },
  CircuitBreakerRecovery: {
    event: circuitBreakerRecovery({ instrument: "claude-code" }, T),
    name: "baton.circuit_breaker.recovery",
    scope: "global",
    data: { instrument: "claude-code" },
  },
  A2ATaskSubmitted: {
    event: a2aTaskSubmitted(
      { ...s, targetAgent: "qa", taskDescription: "review", context: { files: ["a.ts"] } },
      T,
    ),
    name: "baton.a2a.task.submitted",
    scope: "sheet",
    data: { target_agent: "qa", task_description: "review" },
  },
  A2ATaskRouted: {
    event: a2aTaskRouted({ ...s, sourceAgent: "dev", targetAgent: "qa", taskId: "t-1" }, T),
    name: "baton.a2a.task.routed",
    scope: "sheet",
    data: { source_agent: "dev", target_agent: "qa", task_id: "t-1" },
  },
  A2ATaskCompleted: {
    event: a2aTaskCompleted({ ...s, taskId: "t-1", artifacts: { report: "ok", n: 2 } }, T),
    name: "baton.a2a.task.completed",
    scope: "sheet",
    data: { task_id: "t-1", artifacts: { report: "ok", n: 2 } },
  },
  A2ATaskFailed: {
    event: a2aTaskFailed({ ...s, taskId: "t-1", reason: "timeout" }, T),
    name: "baton.a2a.task.failed",
    scope: "sheet",
    data: { task_id: "t-1", reason: "timeout" },
  },
};

const rows = BATON_EVENT_TYPES.map((type) => [type, TABLE[type]] as const);

describe("observer mapping (spec §2.5)", () => {
  it.each(rows)("%s converts to its baton.* name, scope and data", (type, row) => {
    expect(row.event.type).toBe(type);
    const record = toObserverEvent(row.event);
    expect(record.name).toBe(row.name);
    expect(OBSERVER_EVENT_NAMES[type]).toBe(row.name);
    expect(record.timestamp).toBe(T);
    expect(Object.keys(record.data).sort()).toEqual(Object.keys(row.data).sort());
    expect(record.data).toEqual(row.data);
    const scope = {
      sheet: { jobId: j, sheetNum: 3 },
      job: { jobId: j },
      global: {},
    }[row.scope];
    expect(record).toEqual({ name: row.name, ...scope, timestamp: T, data: row.data });
  });

  it.each(rows)("%s gives a plain record that survives JSON unchanged", (_type, row) => {
    const record = toObserverEvent(row.event);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(record.name.startsWith("baton.")).toBe(true);
  });

  it("gives every event type a distinct name in the baton.* namespace", () => {
    const names = Object.values(OBSERVER_EVENT_NAMES);
    expect(names).toHaveLength(BATON_EVENT_TYPES.length);
    expect(new Set(names).size).toBe(names.length);
  });

  it("reports the pass rate the musician sent (the F-018 guard belongs to the core)", () => {
    const result = sheetAttemptResult(
      { ...s, instrumentName: "i", attempt: 1, validationPassRate: 0, validationsTotal: 0 },
      T,
    );
    expect(toObserverEvent(result).data.validation_pass_rate).toBe(0);
  });

  it("hands out records that do not share state with the event", () => {
    const needed = TABLE.EscalationNeeded.event;
    const record = toObserverEvent(needed);
    (record.data.options as string[]).push("extra");
    expect(toObserverEvent(needed).data.options).toEqual(["retry", "skip"]);
  });

  it("rejects a value that is not an event", () => {
    const bogus = { type: "Bogus", timestamp: T } as unknown as BatonEvent;
    expect(() => toObserverEvent(bogus)).toThrow(/unknown event type "Bogus"/);
  });
});
