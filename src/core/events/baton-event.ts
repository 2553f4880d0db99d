import type {
  A2ATaskCompleted,
  A2ATaskFailed,
  A2ATaskRouted,
  A2ATaskSubmitted,
} from "./a2a-events.js";
import type {
  CronTick,
  DispatchRetry,
  ResourceAnomaly,
  ShutdownRequested,
} from "./conductor-events.js";
import type {
  EscalationNeeded,
  EscalationResolved,
  EscalationTimeout,
} from "./escalation-events.js";
import type {
  CircuitBreakerRecovery,
  InstrumentFallback,
  RateLimitExpired,
  RateLimitHit,
} from "./instrument-events.js";
import type {
  CancelJob,
  ConfigReloaded,
  JobTimeout,
  PacingComplete,
  PauseJob,
  ResumeJob,
} from "./job-events.js";
import type { SheetAttemptResult } from "./sheet-attempt-result.js";
import type {
  ProcessExited,
  RetryDue,
  SheetDispatched,
  SheetSkipped,
  StaleCheck,
} from "./sheet-events.js";

/** Every input of the core's inbox (spec §2.2), discriminated by `type`. */
export type BatonEvent =
  | SheetAttemptResult
  | SheetSkipped
  | SheetDispatched
  | RateLimitHit
  | RateLimitExpired
  | RetryDue
  | StaleCheck
  | CronTick
  | JobTimeout
  | PacingComplete
  | EscalationNeeded
  | EscalationResolved
  | EscalationTimeout
  | PauseJob
  | ResumeJob
  | CancelJob
  | ConfigReloaded
  | ShutdownRequested
  | ProcessExited
  | ResourceAnomaly
  | InstrumentFallback
  | DispatchRetry
  | CircuitBreakerRecovery
  | A2ATaskSubmitted
  | A2ATaskRouted
  | A2ATaskCompleted
  | A2ATaskFailed;

/** The `type` of some event: the spec's PascalCase name. */
export type BatonEventType = BatonEvent["type"];

/** The event of a given `type`. */
export type BatonEventOf<T extends BatonEventType> = Extract<BatonEvent, { type: T }>;

// A record keyed by every member, so adding an event without listing it here fails to compile.
const TYPES: Record<BatonEventType, true> = {
  SheetAttemptResult: true,
  SheetSkipped: true,
  SheetDispatched: true,
  RateLimitHit: true,
  RateLimitExpired: true,
  RetryDue: true,
  StaleCheck: true,
  CronTick: true,
  JobTimeout: true,
  PacingComplete: true,
  EscalationNeeded: true,
  EscalationResolved: true,
  EscalationTimeout: true,
  PauseJob: true,
  ResumeJob: true,
  CancelJob: true,
  ConfigReloaded: true,
  ShutdownRequested: true,
  ProcessExited: true,
  ResourceAnomaly: true,
  InstrumentFallback: true,
  DispatchRetry: true,
  CircuitBreakerRecovery: true,
  A2ATaskSubmitted: true,
  A2ATaskRouted: true,
  A2ATaskCompleted: true,
  A2ATaskFailed: true,
};

/** Every event type, in the order of the spec's catalogue (§2.2). */
export const BATON_EVENT_TYPES = Object.freeze(Object.keys(TYPES) as BatonEventType[]);

/** True when `value` names an event type (for parsing events that arrive as JSON). */
export function isBatonEventType(value: unknown): value is BatonEventType {
  return typeof value === "string" && Object.hasOwn(TYPES, value);
}
