export {
  ACTIVE_STATUSES,
  DISPATCHABLE_STATUSES,
  isSatisfying,
  isTerminal,
  parseSheetStatus,
  SATISFYING_STATUSES,
  SHEET_STATUSES,
  TERMINAL_STATUSES,
  type SheetStatus,
} from "./state/sheet-status.js";
export { JobGraph } from "./state/job-graph.js";
export { TimerWheel, type TimerHandle, type TimerSnapshotEntry } from "./timers/timer-wheel.js";
export {
  backoffIndex,
  retryDelayMs,
  type BackoffOptions,
  type RetryJitter,
} from "./retry/backoff.js";
export {
  COMPLETION_RETRY_DELAY_MS,
  DEFAULT_MAX_COMPLETION,
  DEFAULT_MAX_RETRIES,
  FULL_PASS_RATE_PERCENT,
  MAX_HEALING_ATTEMPTS,
  RETRY_BACKOFF_FACTOR,
  RETRY_BASE_DELAY_MS,
  RETRY_MAX_DELAY_MS,
} from "./retry/defaults.js";
export {
  afterFallback,
  assertSheetBudget,
  attemptMode,
  canComplete,
  canRetry,
  isExhausted,
  nextAttemptNumber,
  totalAttempts,
  type AttemptMode,
  type SheetBudget,
} from "./retry/sheet-budget.js";
export {
  AUTH_FAILURE_CLASSIFICATION,
  attemptReportProblem,
  breakerSignal,
  budgetSpent,
  classifyAttempt,
  decideAttempt,
  effectivePassRate,
  isRateLimitedFailure,
  spendBudget,
  type AttemptContext,
  type AttemptDecision,
  type AttemptOutcome,
  type AttemptReport,
  type AttemptStep,
  type BreakerSignal,
  type BudgetSpent,
  type ClassifyOptions,
  type FailureCause,
} from "./retry/attempt-outcome.js";
export {
  applyExhaustionStep,
  exhaust,
  exhaustionStep,
  type ExhaustionPolicy,
  type ExhaustionStep,
} from "./retry/exhaustion.js";
export {
  exhaustionFallbackReason,
  exhaustionMessage,
  type FallbackReason,
  type LastAttempt,
} from "./retry/fallback-reason.js";
export {
  BREAKER_FAILURE_THRESHOLD,
  BREAKER_RECOVERY_BASE_MS,
  BREAKER_RECOVERY_MAX_MS,
  DEFAULT_MAX_CONCURRENT,
  DEFAULT_RATE_LIMIT_WAIT_MS,
} from "./instruments/defaults.js";
export {
  assertInstrumentName,
  instrumentKey,
  parseInstrumentKey,
  type InstrumentRef,
} from "./instruments/instrument-key.js";
export {
  BREAKER_PHASES,
  CircuitBreakers,
  type BreakerChange,
  type BreakerPhase,
  type BreakerState,
  type CircuitBreakerOptions,
} from "./instruments/circuit-breaker.js";
export { RateLimits, type RateLimitHitResult } from "./instruments/rate-limit.js";
export { ConcurrencyLimits, type InstrumentLimitOptions } from "./instruments/concurrency.js";
export type { EventBase, EventInit } from "./events/event-base.js";
export {
  frozenJson,
  frozenJsonObject,
  type JsonObject,
  type JsonValue,
} from "./events/json-value.js";
export { DEFAULT_PAUSE_REASON, PAUSE_REASONS, type PauseReason } from "./events/pause-reason.js";
export { FALLBACK_REASONS } from "./events/fallback-reason.js";
export {
  sheetAttemptResult,
  type SheetAttemptResult,
  type SheetAttemptResultInit,
} from "./events/sheet-attempt-result.js";
export {
  processExited,
  retryDue,
  sheetDispatched,
  sheetSkipped,
  staleCheck,
  type ProcessExited,
  type RetryDue,
  type SheetDispatched,
  type SheetSkipped,
  type StaleCheck,
} from "./events/sheet-events.js";
export {
  circuitBreakerRecovery,
  instrumentFallback,
  rateLimitExpired,
  rateLimitHit,
  type CircuitBreakerRecovery,
  type InstrumentFallback,
  type RateLimitExpired,
  type RateLimitHit,
} from "./events/instrument-events.js";
export {
  cancelJob,
  configReloaded,
  jobTimeout,
  pacingComplete,
  pauseJob,
  resumeJob,
  type CancelJob,
  type ConfigReloaded,
  type JobTimeout,
  type PacingComplete,
  type PauseJob,
  type ResumeJob,
} from "./events/job-events.js";
export {
  ESCALATION_DECISIONS,
  escalationNeeded,
  escalationResolved,
  escalationTimeout,
  type EscalationNeeded,
  type EscalationResolved,
  type EscalationTimeout,
} from "./events/escalation-events.js";
export {
  cronTick,
  dispatchRetry,
  RESOURCE_METRICS,
  RESOURCE_SEVERITIES,
  resourceAnomaly,
  shutdownRequested,
  type CronTick,
  type DispatchRetry,
  type ResourceAnomaly,
  type ResourceMetric,
  type ResourceSeverity,
  type ShutdownRequested,
} from "./events/conductor-events.js";
export {
  a2aTaskCompleted,
  a2aTaskFailed,
  a2aTaskRouted,
  a2aTaskSubmitted,
  type A2ATaskCompleted,
  type A2ATaskFailed,
  type A2ATaskRouted,
  type A2ATaskSubmitted,
} from "./events/a2a-events.js";
export {
  BATON_EVENT_TYPES,
  isBatonEventType,
  type BatonEvent,
  type BatonEventOf,
  type BatonEventType,
} from "./events/baton-event.js";
export {
  OBSERVER_EVENT_NAMES,
  toObserverEvent,
  type ObserverEvent,
} from "./events/observer-event.js";
export {
  ATTEMPT_HISTORY_CAP,
  DEFAULT_SHEET_TIMEOUT_SECONDS,
  FALLBACK_HISTORY_CAP,
  SheetState,
  type FallbackHistoryEntry,
  type SheetSpec,
} from "./state/sheet-state.js";
export { JobRecord, type A2AResult, type A2ATask, type JobOptions } from "./state/job-record.js";
export { parseJobConfig, type JobConfig } from "./state/job-config.js";
export {
  CRON_DROP_ERROR_AFTER,
  DEFAULT_ESCALATION_TIMEOUT_MS,
  DEFAULT_MAX_CONCURRENT_SHEETS,
  DEFAULT_JOB_TIMEOUT_MS,
  STALE_GRACE_MS,
  STALE_RECHECK_MS,
  type CoreOptions,
} from "./state/core-context.js";
export { E999 } from "./state/transition.js";
export { E502 } from "./handlers/sheet-attempt-result.js";
export type { DispatchCallback, DispatchPassResult } from "./dispatch/dispatch-pass.js";
export type { CoreEffect, Dispatch, LogLevel } from "./effects.js";
export { BatonCore } from "./core.js";
export type {
  DispatchConfig,
  Inbox,
  InstrumentStateView,
  JobDiagnostics,
  LoopPort,
} from "./core-types.js";
export {
  CHECKPOINT_VERSION,
  JOB_OPTION_DEFAULTS,
  SHEET_DEFAULTS,
  type BreakerCheckpoint,
  type Checkpoint,
  type FallbackHistoryCheckpoint,
  type InstrumentsCheckpoint,
  type JobOptionsCheckpoint,
  type RateLimitCheckpoint,
  type SheetCheckpoint,
  type TimerCheckpoint,
} from "./checkpoint/checkpoint-types.js";
export {
  canonicalPauseReasons,
  decodeCheckpoint,
  encodeCheckpoint,
} from "./checkpoint/checkpoint-codec.js";
export {
  recoverJob,
  type RecoveredJob,
  type RecoveryConfig,
  type RecoveryOptions,
  type RecoverySheetConfig,
} from "./checkpoint/recover-job.js";
export type {
  CheckpointStore,
  CheckpointText,
  StoredCheckpoint,
} from "./checkpoint/checkpoint-store.js";
export { MemoryCheckpointStore } from "./checkpoint/memory-checkpoint-store.js";
export { captureInstruments, restoreInstruments } from "./checkpoint/instrument-checkpoint.js";
export { jobTimers, timerSnapshotEntries } from "./checkpoint/timer-checkpoint.js";
export { sheetFromCheckpoint, sheetToCheckpoint } from "./checkpoint/sheet-mapping.js";
