import { describe, expect, it } from "vitest";
import { a2aTaskCompleted, a2aTaskFailed, a2aTaskRouted, a2aTaskSubmitted } from "./a2a-events.js";
import { cronTick, dispatchRetry, resourceAnomaly, shutdownRequested } from "./conductor-events.js";
import { escalationNeeded, escalationResolved, escalationTimeout } from "./escalation-events.js";
import {
  checkAmount,
  checkCount,
  checkName,
  checkOneOf,
  checkOptionalInteger,
  checkPercent,
  checkPositiveInteger,
  checkTimestamp,
  orDefault,
} from "./event-fields.js";
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
import { sheetAttemptResult } from "./sheet-attempt-result.js";
import {
  processExited,
  retryDue,
  sheetDispatched,
  sheetSkipped,
  staleCheck,
} from "./sheet-events.js";

const NOW = 1_000;
const j = "j";

/** Expects a TypeError whose message starts with the field's name. */
function rejects(build: () => unknown, field: string): void {
  expect(build).toThrow(TypeError);
  expect(build).toThrow(new RegExp(`^${field.replace(/[.[\]]/g, "\\$&")} `));
}

describe("field checks", () => {
  it("name the field and the rule, and show the bad value", () => {
    expect(() => checkPositiveInteger(0, "X.sheetNum")).toThrow(
      "X.sheetNum must be a positive integer (got 0)",
    );
    expect(() => checkAmount(Number.NaN, "X.costUsd")).toThrow(
      "X.costUsd must be a finite number ≥ 0 (got NaN)",
    );
    expect(() => checkName("", "X.jobId")).toThrow('X.jobId must be a non-empty string (got "")');
    expect(() => checkOneOf("x", ["a", "b"], "X.kind")).toThrow(
      'X.kind must be one of "a", "b" (got "x")',
    );
    expect(() => checkCount({}, "X.n")).toThrow("(got object)");
  });

  it("accept the edges of each range and turn -0 into 0", () => {
    expect(checkPercent(0, "p")).toBe(0);
    expect(checkPercent(100, "p")).toBe(100);
    expect(Object.is(checkAmount(-0, "a"), 0)).toBe(true);
    expect(Object.is(checkCount(-0, "c"), 0)).toBe(true);
    expect(checkOptionalInteger(-1, "exitCode")).toBe(-1);
    expect(checkTimestamp(0, "t")).toBe(0);
    expect(checkPositiveInteger(Number.MAX_SAFE_INTEGER, "n")).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("reject what is out of range", () => {
    for (const v of [-0.001, Number.NaN, Infinity, "50"])
      expect(() => checkPercent(v, "p")).toThrow(TypeError);
    for (const v of [-1, Infinity, -Infinity, Number.NaN, null])
      expect(() => checkAmount(v, "a")).toThrow(TypeError);
    for (const v of [0, -1, 1.5, Number.NaN, 2 ** 53, "1"])
      expect(() => checkPositiveInteger(v, "n")).toThrow(TypeError);
    for (const v of [-1, Number.NaN, Infinity])
      expect(() => checkTimestamp(v, "t")).toThrow(TypeError);
  });

  it("apply a default only when the value is absent, never for null", () => {
    expect(orDefault(undefined, 7)).toBe(7);
    expect(orDefault<number | null>(null, 7)).toBeNull();
    expect(orDefault(0, 7)).toBe(0);
  });
});

// Every constructor that takes a sheet, with its other required fields filled in.
const SHEET_EVENTS: readonly [string, (sheetNum: number) => unknown][] = [
  [
    "SheetAttemptResult",
    (n) => sheetAttemptResult({ jobId: j, sheetNum: n, instrumentName: "i", attempt: 1 }, NOW),
  ],
  ["SheetSkipped", (n) => sheetSkipped({ jobId: j, sheetNum: n, reason: "r" }, NOW)],
  ["SheetDispatched", (n) => sheetDispatched({ jobId: j, sheetNum: n, instrument: "i" }, NOW)],
  [
    "RateLimitHit",
    (n) => rateLimitHit({ jobId: j, sheetNum: n, instrument: "i", waitSeconds: 1 }, NOW),
  ],
  ["RetryDue", (n) => retryDue({ jobId: j, sheetNum: n }, NOW)],
  ["StaleCheck", (n) => staleCheck({ jobId: j, sheetNum: n }, NOW)],
  ["EscalationNeeded", (n) => escalationNeeded({ jobId: j, sheetNum: n, reason: "r" }, NOW)],
  [
    "EscalationResolved",
    (n) => escalationResolved({ jobId: j, sheetNum: n, decision: "skip" }, NOW),
  ],
  ["EscalationTimeout", (n) => escalationTimeout({ jobId: j, sheetNum: n }, NOW)],
  ["ProcessExited", (n) => processExited({ jobId: j, sheetNum: n, pid: 1 }, NOW)],
  [
    "InstrumentFallback",
    (n) =>
      instrumentFallback(
        { jobId: j, sheetNum: n, fromInstrument: "a", toInstrument: "b", reason: "unavailable" },
        NOW,
      ),
  ],
  [
    "A2ATaskSubmitted",
    (n) => a2aTaskSubmitted({ jobId: j, sheetNum: n, targetAgent: "t", taskDescription: "d" }, NOW),
  ],
  [
    "A2ATaskRouted",
    (n) =>
      a2aTaskRouted(
        { jobId: j, sheetNum: n, sourceAgent: "s", targetAgent: "t", taskId: "x" },
        NOW,
      ),
  ],
  ["A2ATaskCompleted", (n) => a2aTaskCompleted({ jobId: j, sheetNum: n, taskId: "x" }, NOW)],
  ["A2ATaskFailed", (n) => a2aTaskFailed({ jobId: j, sheetNum: n, taskId: "x", reason: "r" }, NOW)],
];

// Every constructor, built at time `now`.
const ALL_EVENTS: readonly [string, (now: number) => unknown][] = [
  [
    "SheetAttemptResult",
    (t) => sheetAttemptResult({ jobId: j, sheetNum: 1, instrumentName: "i", attempt: 1 }, t),
  ],
  ["SheetSkipped", (t) => sheetSkipped({ jobId: j, sheetNum: 1, reason: "r" }, t)],
  ["SheetDispatched", (t) => sheetDispatched({ jobId: j, sheetNum: 1, instrument: "i" }, t)],
  [
    "RateLimitHit",
    (t) => rateLimitHit({ jobId: j, sheetNum: 1, instrument: "i", waitSeconds: 1 }, t),
  ],
  ["RateLimitExpired", (t) => rateLimitExpired({ instrument: "i" }, t)],
  ["RetryDue", (t) => retryDue({ jobId: j, sheetNum: 1 }, t)],
  ["StaleCheck", (t) => staleCheck({ jobId: j, sheetNum: 1 }, t)],
  ["CronTick", (t) => cronTick({ entryName: "e", scorePath: "s" }, t)],
  ["JobTimeout", (t) => jobTimeout({ jobId: j }, t)],
  ["PacingComplete", (t) => pacingComplete({ jobId: j }, t)],
  ["EscalationNeeded", (t) => escalationNeeded({ jobId: j, sheetNum: 1, reason: "r" }, t)],
  ["EscalationResolved", (t) => escalationResolved({ jobId: j, sheetNum: 1, decision: "skip" }, t)],
  ["EscalationTimeout", (t) => escalationTimeout({ jobId: j, sheetNum: 1 }, t)],
  ["PauseJob", (t) => pauseJob({ jobId: j }, t)],
  ["ResumeJob", (t) => resumeJob({ jobId: j }, t)],
  ["CancelJob", (t) => cancelJob({ jobId: j }, t)],
  ["ConfigReloaded", (t) => configReloaded({ jobId: j, newConfig: {} }, t)],
  ["ShutdownRequested", (t) => shutdownRequested({}, t)],
  ["ProcessExited", (t) => processExited({ jobId: j, sheetNum: 1, pid: 1 }, t)],
  ["ResourceAnomaly", (t) => resourceAnomaly({ severity: "warning", metric: "cpu", value: 1 }, t)],
  [
    "InstrumentFallback",
    (t) =>
      instrumentFallback(
        { jobId: j, sheetNum: 1, fromInstrument: "a", toInstrument: "b", reason: "unavailable" },
        t,
      ),
  ],
  ["DispatchRetry", (t) => dispatchRetry(t)],
  ["CircuitBreakerRecovery", (t) => circuitBreakerRecovery({ instrument: "i" }, t)],
  [
    "A2ATaskSubmitted",
    (t) => a2aTaskSubmitted({ jobId: j, sheetNum: 1, targetAgent: "t", taskDescription: "d" }, t),
  ],
  [
    "A2ATaskRouted",
    (t) =>
      a2aTaskRouted({ jobId: j, sheetNum: 1, sourceAgent: "s", targetAgent: "t", taskId: "x" }, t),
  ],
  ["A2ATaskCompleted", (t) => a2aTaskCompleted({ jobId: j, sheetNum: 1, taskId: "x" }, t)],
  ["A2ATaskFailed", (t) => a2aTaskFailed({ jobId: j, sheetNum: 1, taskId: "x", reason: "r" }, t)],
];

describe("bad input to event constructors (issue 3, Bad input)", () => {
  it("covers every event type", () => {
    expect(ALL_EVENTS).toHaveLength(27);
  });

  it.each(SHEET_EVENTS)(
    "%s rejects a sheet number that is not a positive integer",
    (type, build) => {
      expect(build(1)).toMatchObject({ sheetNum: 1 });
      for (const n of [0, -1, 1.5, Number.NaN, Infinity])
        rejects(() => build(n), `${type}.sheetNum`);
    },
  );

  it.each(ALL_EVENTS)("%s rejects a NaN, infinite or negative timestamp", (type, build) => {
    for (const t of [Number.NaN, Infinity, -1]) rejects(() => build(t), `${type}.timestamp`);
  });
});
