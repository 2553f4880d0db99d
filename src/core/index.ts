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
