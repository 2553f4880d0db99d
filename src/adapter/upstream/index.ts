export {
  BREAKER_BASE_OPEN_MS,
  BREAKER_CONSECUTIVE_FAILURES,
  BREAKER_MAX_OPEN_MS,
  MAX_EJECTION_PERCENT,
  RETRY_BASE_INTERVAL_MS,
  RETRY_MAX_INTERVAL_MS,
  RETRY_MAX_RETRIES,
} from "./defaults.js";
export {
  IDEMPOTENT_METHODS,
  decideRetry,
  isIdempotent,
  retryDelayMs,
  type AttemptFailure,
  type NoRetryReason,
  type RetryDecision,
  type RetryInput,
  type RetryOptions,
} from "./retry-policy.js";
export {
  TargetBreaker,
  type Admission,
  type BreakerPhase,
  type TargetBreakerOptions,
} from "./target-breaker.js";
export { OutlierEjector, type OutlierEjectorOptions } from "./outlier-ejector.js";
