import type { BatonEvent, BatonEventOf, BatonEventType } from "../events/baton-event.js";
import type { CoreContext } from "../state/core-context.js";
import { handleA2ATaskCompleted } from "./a2a-task-completed.js";
import { handleA2ATaskFailed } from "./a2a-task-failed.js";
import { handleA2ATaskRouted } from "./a2a-task-routed.js";
import { handleA2ATaskSubmitted } from "./a2a-task-submitted.js";
import { handleCancelJob } from "./cancel-job.js";
import { handleCircuitBreakerRecovery } from "./circuit-breaker-recovery.js";
import { handleConfigReloaded } from "./config-reloaded.js";
import { handleCronTick } from "./cron-tick.js";
import { handleDispatchRetry } from "./dispatch-retry.js";
import { handleEscalationNeeded } from "./escalation-needed.js";
import { handleEscalationResolved } from "./escalation-resolved.js";
import { handleEscalationTimeout } from "./escalation-timeout.js";
import { handleInstrumentFallback } from "./instrument-fallback.js";
import { handleJobTimeout } from "./job-timeout.js";
import { handlePacingComplete } from "./pacing-complete.js";
import { handlePauseJob } from "./pause-job.js";
import { handleProcessExited } from "./process-exited.js";
import { handleRateLimitExpired } from "./rate-limit-expired.js";
import { handleRateLimitHit } from "./rate-limit-hit.js";
import { handleResourceAnomaly } from "./resource-anomaly.js";
import { handleResumeJob } from "./resume-job.js";
import { handleRetryDue } from "./retry-due.js";
import { handleSheetAttemptResult } from "./sheet-attempt-result.js";
import { handleSheetDispatched } from "./sheet-dispatched.js";
import { handleSheetSkipped } from "./sheet-skipped.js";
import { handleShutdownRequested } from "./shutdown-requested.js";
import { handleStaleCheck } from "./stale-check.js";

type Handlers = { [T in BatonEventType]: (ctx: CoreContext, e: BatonEventOf<T>) => void };

// One handler per event type; a record keyed by every type, so a new event fails to compile here.
const HANDLERS: Handlers = {
  SheetAttemptResult: handleSheetAttemptResult,
  SheetSkipped: handleSheetSkipped,
  SheetDispatched: handleSheetDispatched,
  RateLimitHit: handleRateLimitHit,
  RateLimitExpired: handleRateLimitExpired,
  RetryDue: handleRetryDue,
  StaleCheck: handleStaleCheck,
  CronTick: handleCronTick,
  JobTimeout: handleJobTimeout,
  PacingComplete: handlePacingComplete,
  EscalationNeeded: handleEscalationNeeded,
  EscalationResolved: handleEscalationResolved,
  EscalationTimeout: handleEscalationTimeout,
  PauseJob: handlePauseJob,
  ResumeJob: handleResumeJob,
  CancelJob: handleCancelJob,
  ConfigReloaded: handleConfigReloaded,
  ShutdownRequested: handleShutdownRequested,
  ProcessExited: handleProcessExited,
  ResourceAnomaly: handleResourceAnomaly,
  InstrumentFallback: handleInstrumentFallback,
  DispatchRetry: handleDispatchRetry,
  CircuitBreakerRecovery: handleCircuitBreakerRecovery,
  A2ATaskSubmitted: handleA2ATaskSubmitted,
  A2ATaskRouted: handleA2ATaskRouted,
  A2ATaskCompleted: handleA2ATaskCompleted,
  A2ATaskFailed: handleA2ATaskFailed,
};

/**
 * Handles one event and never throws (spec §2.1, §12.1 #64): an error inside a handler becomes
 * a `baton.event_handler_failed` log effect; state changed before it stays changed. Every
 * event is also observed (its `baton.*` record) unless `observe` is false.
 */
export function handleEvent(ctx: CoreContext, event: BatonEvent, observe = true): void {
  try {
    const handler = HANDLERS[event.type] as (ctx: CoreContext, e: BatonEvent) => void;
    handler(ctx, event);
    if (observe) ctx.observe(event);
  } catch (error) {
    ctx.log("error", "baton.event_handler_failed", {
      event: String((event as { type?: unknown }).type),
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
