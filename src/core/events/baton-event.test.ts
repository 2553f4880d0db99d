import { describe, expect, it } from "vitest";
import { a2aTaskCompleted, a2aTaskFailed, a2aTaskRouted, a2aTaskSubmitted } from "./a2a-events.js";
import {
  BATON_EVENT_TYPES,
  isBatonEventType,
  type BatonEvent,
  type BatonEventOf,
  type BatonEventType,
} from "./baton-event.js";
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
import { sheetAttemptResult } from "./sheet-attempt-result.js";
import {
  processExited,
  retryDue,
  sheetDispatched,
  sheetSkipped,
  staleCheck,
} from "./sheet-events.js";

const NOW = 1_700_000_000_000; // wall-clock ms
const MONO = 42_000; // monotonic ms
const j = "job-1";

interface Case<K extends BatonEventType> {
  /** Builds the event from its required fields only. */
  readonly make: () => BatonEventOf<K>;
  /** The whole event, with the spec's defaults (§2.2). */
  readonly expected: BatonEventOf<K>;
}

// Keyed by every event type: a new event without a case here fails to compile.
const CASES: { readonly [K in BatonEventType]: Case<K> } = {
  SheetAttemptResult: {
    make: () =>
      sheetAttemptResult({ jobId: j, sheetNum: 1, instrumentName: "claude-code", attempt: 1 }, NOW),
    expected: {
      type: "SheetAttemptResult",
      jobId: j,
      sheetNum: 1,
      instrumentName: "claude-code",
      attempt: 1,
      attemptId: null,
      executionSuccess: true,
      exitCode: null,
      durationSeconds: 0,
      validationsPassed: 0,
      validationsTotal: 0,
      validationPassRate: 0,
      validationDetails: null,
      errorClassification: null,
      errorMessage: null,
      rateLimited: false,
      rateLimitPrimary: null,
      rateLimitWaitSeconds: null,
      costUsd: 0,
      inputTokens: 0,
      outputTokens: 0,
      modelUsed: null,
      stdoutTail: "",
      stderrTail: "",
      outputKind: null,
      timestamp: NOW,
    },
  },
  SheetSkipped: {
    make: () => sheetSkipped({ jobId: j, sheetNum: 2, reason: "skip_when" }, NOW),
    expected: { type: "SheetSkipped", jobId: j, sheetNum: 2, reason: "skip_when", timestamp: NOW },
  },
  SheetDispatched: {
    make: () => sheetDispatched({ jobId: j, sheetNum: 3, instrument: "gemini-cli" }, MONO),
    expected: {
      type: "SheetDispatched",
      jobId: j,
      sheetNum: 3,
      instrument: "gemini-cli",
      attemptId: null,
      timestamp: MONO,
    },
  },
  RateLimitHit: {
    make: () => rateLimitHit({ instrument: "i", waitSeconds: 60, jobId: j, sheetNum: 1 }, NOW),
    expected: {
      type: "RateLimitHit",
      instrument: "i",
      waitSeconds: 60,
      jobId: j,
      sheetNum: 1,
      model: null,
      timestamp: NOW,
    },
  },
  RateLimitExpired: {
    make: () => rateLimitExpired({ instrument: "i" }, NOW),
    expected: { type: "RateLimitExpired", instrument: "i", model: null, timestamp: NOW },
  },
  RetryDue: {
    make: () => retryDue({ jobId: j, sheetNum: 4 }, NOW),
    expected: { type: "RetryDue", jobId: j, sheetNum: 4, timestamp: NOW },
  },
  StaleCheck: {
    make: () => staleCheck({ jobId: j, sheetNum: 5 }, NOW),
    expected: { type: "StaleCheck", jobId: j, sheetNum: 5, attemptId: null, timestamp: NOW },
  },
  CronTick: {
    make: () => cronTick({ entryName: "nightly", scorePath: "scores/nightly.yaml" }, NOW),
    expected: {
      type: "CronTick",
      entryName: "nightly",
      scorePath: "scores/nightly.yaml",
      timestamp: NOW,
    },
  },
  JobTimeout: {
    make: () => jobTimeout({ jobId: j }, NOW),
    expected: { type: "JobTimeout", jobId: j, timestamp: NOW },
  },
  PacingComplete: {
    make: () => pacingComplete({ jobId: j }, NOW),
    expected: { type: "PacingComplete", jobId: j, timestamp: NOW },
  },
  EscalationNeeded: {
    make: () => escalationNeeded({ jobId: j, sheetNum: 6, reason: "stuck" }, NOW),
    expected: {
      type: "EscalationNeeded",
      jobId: j,
      sheetNum: 6,
      reason: "stuck",
      options: [],
      timestamp: NOW,
    },
  },
  EscalationResolved: {
    make: () => escalationResolved({ jobId: j, sheetNum: 6, decision: "retry" }, NOW),
    expected: {
      type: "EscalationResolved",
      jobId: j,
      sheetNum: 6,
      decision: "retry",
      timestamp: NOW,
    },
  },
  EscalationTimeout: {
    make: () => escalationTimeout({ jobId: j, sheetNum: 6 }, NOW),
    expected: { type: "EscalationTimeout", jobId: j, sheetNum: 6, timestamp: NOW },
  },
  PauseJob: {
    make: () => pauseJob({ jobId: j }, NOW),
    expected: { type: "PauseJob", jobId: j, reason: "user", timestamp: NOW },
  },
  ResumeJob: {
    make: () => resumeJob({ jobId: j }, NOW),
    expected: { type: "ResumeJob", jobId: j, newConfig: null, reason: "user", timestamp: NOW },
  },
  CancelJob: {
    make: () => cancelJob({ jobId: j }, NOW),
    expected: { type: "CancelJob", jobId: j, timestamp: NOW },
  },
  ConfigReloaded: {
    make: () => configReloaded({ jobId: j, newConfig: { sheets: 3 } }, NOW),
    expected: { type: "ConfigReloaded", jobId: j, newConfig: { sheets: 3 }, timestamp: NOW },
  },
  ShutdownRequested: {
    make: () => shutdownRequested({}, NOW),
    expected: { type: "ShutdownRequested", graceful: true, timestamp: NOW },
  },
  ProcessExited: {
    make: () => processExited({ jobId: j, sheetNum: 7, pid: 4242 }, NOW),
    expected: {
      type: "ProcessExited",
      jobId: j,
      sheetNum: 7,
      pid: 4242,
      exitCode: null,
      attemptId: null,
      timestamp: NOW,
    },
  },
  ResourceAnomaly: {
    make: () => resourceAnomaly({ severity: "critical", metric: "memory", value: 95.5 }, NOW),
    expected: {
      type: "ResourceAnomaly",
      severity: "critical",
      metric: "memory",
      value: 95.5,
      timestamp: NOW,
    },
  },
  InstrumentFallback: {
    make: () =>
      instrumentFallback(
        { jobId: j, sheetNum: 8, fromInstrument: "a", toInstrument: "b", reason: "unavailable" },
        NOW,
      ),
    expected: {
      type: "InstrumentFallback",
      jobId: j,
      sheetNum: 8,
      fromInstrument: "a",
      toInstrument: "b",
      reason: "unavailable",
      timestamp: NOW,
    },
  },
  DispatchRetry: {
    make: () => dispatchRetry(NOW),
    expected: { type: "DispatchRetry", timestamp: NOW },
  },
  CircuitBreakerRecovery: {
    make: () => circuitBreakerRecovery({ instrument: "i" }, NOW),
    expected: { type: "CircuitBreakerRecovery", instrument: "i", timestamp: NOW },
  },
  A2ATaskSubmitted: {
    make: () =>
      a2aTaskSubmitted({ jobId: j, sheetNum: 9, targetAgent: "qa", taskDescription: "test" }, NOW),
    expected: {
      type: "A2ATaskSubmitted",
      jobId: j,
      sheetNum: 9,
      targetAgent: "qa",
      taskDescription: "test",
      context: {},
      timestamp: NOW,
    },
  },
  A2ATaskRouted: {
    make: () =>
      a2aTaskRouted(
        { jobId: j, sheetNum: 9, sourceAgent: "dev", targetAgent: "qa", taskId: "t-1" },
        NOW,
      ),
    expected: {
      type: "A2ATaskRouted",
      jobId: j,
      sheetNum: 9,
      sourceAgent: "dev",
      targetAgent: "qa",
      taskId: "t-1",
      timestamp: NOW,
    },
  },
  A2ATaskCompleted: {
    make: () => a2aTaskCompleted({ jobId: j, sheetNum: 9, taskId: "t-1" }, NOW),
    expected: {
      type: "A2ATaskCompleted",
      jobId: j,
      sheetNum: 9,
      taskId: "t-1",
      artifacts: {},
      timestamp: NOW,
    },
  },
  A2ATaskFailed: {
    make: () => a2aTaskFailed({ jobId: j, sheetNum: 9, taskId: "t-1", reason: "no agent" }, NOW),
    expected: {
      type: "A2ATaskFailed",
      jobId: j,
      sheetNum: 9,
      taskId: "t-1",
      reason: "no agent",
      timestamp: NOW,
    },
  },
};

const cases = BATON_EVENT_TYPES.map((type) => [type, CASES[type] as Case<BatonEventType>] as const);

/** Exhaustive over the union: adding a member without a case is a compile error. */
function sourceOf(event: BatonEvent): "musician" | "timer" | "command" | "monitor" | "core" {
  switch (event.type) {
    case "SheetAttemptResult":
      return "musician";
    case "RateLimitExpired":
    case "RetryDue":
    case "StaleCheck":
    case "CronTick":
    case "JobTimeout":
    case "PacingComplete":
    case "EscalationTimeout":
    case "CircuitBreakerRecovery":
      return "timer";
    case "SheetSkipped":
    case "EscalationResolved":
    case "PauseJob":
    case "ResumeJob":
    case "CancelJob":
    case "ConfigReloaded":
    case "ShutdownRequested":
      return "command";
    case "ProcessExited":
    case "ResourceAnomaly":
      return "monitor";
    case "SheetDispatched":
    case "RateLimitHit":
    case "EscalationNeeded":
    case "InstrumentFallback":
    case "DispatchRetry":
    case "A2ATaskSubmitted":
    case "A2ATaskRouted":
    case "A2ATaskCompleted":
    case "A2ATaskFailed":
      return "core";
    default: {
      const unreachable: never = event;
      throw new TypeError(`unhandled ${String(unreachable)}`);
    }
  }
}

function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe("the event union (spec §2.1, §2.2)", () => {
  it("lists the 27 event types of the catalogue, in its order", () => {
    // CASES is written in the order of spec §2.2 and keyed by every member of the union.
    expect(BATON_EVENT_TYPES).toEqual(Object.keys(CASES));
    expect(BATON_EVENT_TYPES).toHaveLength(27);
    expect(Object.isFrozen(BATON_EVENT_TYPES)).toBe(true);
  });

  it("recognises event type names and nothing else", () => {
    for (const type of BATON_EVENT_TYPES) expect(isBatonEventType(type)).toBe(true);
    for (const other of ["sheetAttemptResult", "toString", "__proto__", "", 1, null])
      expect(isBatonEventType(other)).toBe(false);
  });

  it.each(cases)("%s constructs from its required fields with the spec's defaults", (type, c) => {
    const event = c.make();
    expect(event).toEqual(c.expected);
    expect(event.type).toBe(type);
    expect(Object.keys(event).sort()).toEqual(Object.keys(c.expected).sort());
  });

  it.each(cases)("%s is frozen all the way down", (_type, c) => {
    const event = c.make();
    expect(isDeepFrozen(event)).toBe(true);
    expect(() => {
      (event as { timestamp: number }).timestamp = 0;
    }).toThrow(TypeError);
  });

  it.each(cases)("%s is a member of the union and carries its timestamp", (_type, c) => {
    const event: BatonEvent = c.make();
    expect(sourceOf(event)).toMatch(/^(musician|timer|command|monitor|core)$/);
    expect(event.timestamp).toBe(event.type === "SheetDispatched" ? MONO : NOW);
  });

  it("copies the caller's arrays and objects instead of keeping them", () => {
    const options = ["retry", "skip"];
    const newConfig = { sheets: [{ n: 1 }] };
    const needed = escalationNeeded({ jobId: j, sheetNum: 1, reason: "r", options }, NOW);
    const reloaded = configReloaded({ jobId: j, newConfig }, NOW);
    options.push("accept");
    newConfig.sheets.push({ n: 2 });
    expect(needed.options).toEqual(["retry", "skip"]);
    expect(reloaded.newConfig).toEqual({ sheets: [{ n: 1 }] });
  });

  it("keeps non-default values and drops keys that are not fields", () => {
    const init = { jobId: j, reason: "cost" as const, extra: "ignored" };
    expect(pauseJob(init, NOW)).toEqual({
      type: "PauseJob",
      jobId: j,
      reason: "cost",
      timestamp: NOW,
    });
    expect(shutdownRequested({ graceful: false }, NOW).graceful).toBe(false);
    expect(resumeJob({ jobId: j, newConfig: { a: 1 }, reason: "escalation" }, NOW)).toMatchObject({
      newConfig: { a: 1 },
      reason: "escalation",
    });
  });
});
