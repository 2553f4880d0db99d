import {
  a2aTaskCompleted,
  a2aTaskFailed,
  a2aTaskRouted,
  a2aTaskSubmitted,
} from "../events/a2a-events.js";
import { isBatonEventType, type BatonEvent, type BatonEventType } from "../events/baton-event.js";
import {
  cronTick,
  dispatchRetry,
  resourceAnomaly,
  shutdownRequested,
} from "../events/conductor-events.js";
import {
  escalationNeeded,
  escalationResolved,
  escalationTimeout,
} from "../events/escalation-events.js";
import {
  circuitBreakerRecovery,
  instrumentFallback,
  rateLimitExpired,
  rateLimitHit,
} from "../events/instrument-events.js";
import {
  cancelJob,
  configReloaded,
  jobTimeout,
  pacingComplete,
  pauseJob,
  resumeJob,
} from "../events/job-events.js";
import { sheetAttemptResult } from "../events/sheet-attempt-result.js";
import {
  processExited,
  retryDue,
  sheetDispatched,
  sheetSkipped,
  staleCheck,
} from "../events/sheet-events.js";
import type { CheckpointReader } from "./checkpoint-reader.js";

// A timer's payload is an event; it is stored as the event's own fields and rebuilt through
// the event's constructor, so a stored event passes exactly the checks a new one does.

type Build = (fields: never, timestamp: number) => BatonEvent;

// Keyed by every event type, so a new event type without a builder fails to compile.
const BUILDERS: Record<BatonEventType, Build> = {
  SheetAttemptResult: sheetAttemptResult,
  SheetSkipped: sheetSkipped,
  SheetDispatched: sheetDispatched,
  RateLimitHit: rateLimitHit,
  RateLimitExpired: rateLimitExpired,
  RetryDue: retryDue,
  StaleCheck: staleCheck,
  CronTick: cronTick,
  JobTimeout: jobTimeout,
  PacingComplete: pacingComplete,
  EscalationNeeded: escalationNeeded,
  EscalationResolved: escalationResolved,
  EscalationTimeout: escalationTimeout,
  PauseJob: pauseJob,
  ResumeJob: resumeJob,
  CancelJob: cancelJob,
  ConfigReloaded: configReloaded,
  ShutdownRequested: shutdownRequested,
  ProcessExited: processExited,
  ResourceAnomaly: resourceAnomaly,
  InstrumentFallback: instrumentFallback,
  DispatchRetry: (_fields, timestamp) => dispatchRetry(timestamp),
  CircuitBreakerRecovery: circuitBreakerRecovery,
  A2ATaskSubmitted: a2aTaskSubmitted,
  A2ATaskRouted: a2aTaskRouted,
  A2ATaskCompleted: a2aTaskCompleted,
  A2ATaskFailed: a2aTaskFailed,
};

/** Rebuilds a stored event; a bad type or field fails with the field path named. */
export function decodeEvent(reader: CheckpointReader, value: unknown, field: string): BatonEvent {
  const fields = reader.object(value, field);
  const type = fields.type;
  if (!isBatonEventType(type))
    reader.fail(`${field}.type`, `unknown event type ${JSON.stringify(type) ?? "undefined"}`);
  const timestamp = reader.amount(fields.timestamp, `${field}.timestamp`);
  try {
    return BUILDERS[type](fields as never, timestamp);
  } catch (error) {
    if (error instanceof TypeError) reader.fail(field, error.message);
    throw error;
  }
}
