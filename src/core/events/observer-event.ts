import type { BatonEvent, BatonEventType } from "./baton-event.js";
import type { JsonObject } from "./json-value.js";

/**
 * What observers (event bus, dashboard, JSONL log) receive for an event (spec §2.5): a
 * `baton.*` name and plain JSON. Scope shows in the keys: a sheet event has `jobId` and
 * `sheetNum`, a job event only `jobId`, a global event neither. `timestamp` is the event's.
 */
export interface ObserverEvent {
  readonly name: string;
  readonly jobId?: string;
  readonly sheetNum?: number;
  readonly timestamp: number;
  readonly data: JsonObject;
}

/** The observer name of each event type (spec §2.5; `baton.sheet.dispatched` is ours). */
export const OBSERVER_EVENT_NAMES: Readonly<Record<BatonEventType, string>> = Object.freeze({
  SheetAttemptResult: "baton.sheet.attempt_result",
  SheetSkipped: "baton.sheet.skipped",
  SheetDispatched: "baton.sheet.dispatched",
  RateLimitHit: "baton.rate_limit.active",
  RateLimitExpired: "baton.rate_limit.cleared",
  RetryDue: "baton.sheet.retry_scheduled",
  StaleCheck: "baton.sheet.stale_check",
  CronTick: "baton.cron.fired",
  JobTimeout: "baton.job.timeout",
  PacingComplete: "baton.pacing.complete",
  EscalationNeeded: "baton.fermata",
  EscalationResolved: "baton.fermata.resolved",
  EscalationTimeout: "baton.fermata.timeout",
  PauseJob: "baton.job.paused",
  ResumeJob: "baton.job.resumed",
  CancelJob: "baton.job.cancelled",
  ConfigReloaded: "baton.config.reloaded",
  ShutdownRequested: "baton.shutdown.requested",
  ProcessExited: "baton.process.exited",
  ResourceAnomaly: "baton.resource.anomaly",
  InstrumentFallback: "baton.instrument.fallback",
  DispatchRetry: "baton.dispatch.retry",
  CircuitBreakerRecovery: "baton.circuit_breaker.recovery",
  A2ATaskSubmitted: "baton.a2a.task.submitted",
  A2ATaskRouted: "baton.a2a.task.routed",
  A2ATaskCompleted: "baton.a2a.task.completed",
  A2ATaskFailed: "baton.a2a.task.failed",
});

function sheet(
  e: BatonEvent & { jobId: string; sheetNum: number },
  data: JsonObject = {},
): ObserverEvent {
  const name = OBSERVER_EVENT_NAMES[e.type];
  return { name, jobId: e.jobId, sheetNum: e.sheetNum, timestamp: e.timestamp, data };
}

function job(e: BatonEvent & { jobId: string }, data: JsonObject = {}): ObserverEvent {
  return { name: OBSERVER_EVENT_NAMES[e.type], jobId: e.jobId, timestamp: e.timestamp, data };
}

function global(e: BatonEvent, data: JsonObject = {}): ObserverEvent {
  return { name: OBSERVER_EVENT_NAMES[e.type], timestamp: e.timestamp, data };
}

/**
 * The observer record of event `e`, with the data keys of spec §2.5 (snake_case, as the spec
 * and its dashboards name them). Pass rates are reported as the musician sent them.
 */
export function toObserverEvent(e: BatonEvent): ObserverEvent {
  switch (e.type) {
    case "SheetAttemptResult":
      return sheet(e, {
        instrument: e.instrumentName,
        model: e.modelUsed,
        attempt: e.attempt,
        success: e.executionSuccess,
        validation_pass_rate: e.validationPassRate,
        cost_usd: e.costUsd,
        rate_limited: e.rateLimited,
        duration_seconds: e.durationSeconds,
      });
    case "SheetSkipped":
      return sheet(e, { reason: e.reason });
    case "SheetDispatched":
      return sheet(e, { instrument: e.instrument });
    case "RateLimitHit":
      return sheet(e, { instrument: e.instrument, estimated_seconds: e.waitSeconds });
    case "RateLimitExpired":
      return global(e, { instrument: e.instrument });
    case "RetryDue":
    case "StaleCheck":
    case "EscalationTimeout":
      return sheet(e);
    case "CronTick":
      return global(e, { entry_name: e.entryName, score_path: e.scorePath });
    case "JobTimeout":
    case "PacingComplete":
    case "CancelJob":
    case "ConfigReloaded":
      return job(e);
    case "EscalationNeeded":
      return sheet(e, { reason: e.reason, options: [...e.options] });
    case "EscalationResolved":
      return sheet(e, { decision: e.decision });
    case "PauseJob":
      return job(e, { reason: e.reason });
    case "ResumeJob":
      return job(e, { config_changed: e.newConfig !== null });
    case "ShutdownRequested":
      return global(e, { graceful: e.graceful });
    case "ProcessExited":
      return sheet(e, { pid: e.pid, exit_code: e.exitCode });
    case "ResourceAnomaly":
      return global(e, { severity: e.severity, metric: e.metric, value: e.value });
    case "InstrumentFallback":
      return sheet(e, {
        from_instrument: e.fromInstrument,
        to_instrument: e.toInstrument,
        reason: e.reason,
      });
    case "DispatchRetry":
      return global(e);
    case "CircuitBreakerRecovery":
      return global(e, { instrument: e.instrument });
    case "A2ATaskSubmitted":
      return sheet(e, { target_agent: e.targetAgent, task_description: e.taskDescription });
    case "A2ATaskRouted":
      return sheet(e, {
        source_agent: e.sourceAgent,
        target_agent: e.targetAgent,
        task_id: e.taskId,
      });
    case "A2ATaskCompleted":
      return sheet(e, { task_id: e.taskId, artifacts: e.artifacts });
    case "A2ATaskFailed":
      return sheet(e, { task_id: e.taskId, reason: e.reason });
    default:
      return unknownEvent(e);
  }
}

function unknownEvent(e: never): never {
  throw new TypeError(
    `toObserverEvent: unknown event type ${JSON.stringify((e as { type?: unknown }).type)}`,
  );
}
