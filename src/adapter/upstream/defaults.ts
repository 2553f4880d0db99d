// Resilience defaults, one place for the folder. Envoy states durations in seconds; ms here.

/**
 * Retries after the first attempt: 2. Istio's default route retry policy for Envoy
 * (`attempts: 2`); bare Envoy's `num_retries` defaults to 1.
 */
export const RETRY_MAX_RETRIES = 2;

/** Backoff base before jitter: 25 ms (Envoy `retry_back_off.base_interval` default). */
export const RETRY_BASE_INTERVAL_MS = 25;

/** Backoff ceiling before jitter: 250 ms (Envoy `retry_back_off.max_interval`, 10 × base). */
export const RETRY_MAX_INTERVAL_MS = 250;

/** Consecutive failures that open a target's breaker: 5 (Envoy outlier `consecutive_5xx`). */
export const BREAKER_CONSECUTIVE_FAILURES = 5;

/** First open period: 30 s, multiplied by openings in a row (Envoy `base_ejection_time`). */
export const BREAKER_BASE_OPEN_MS = 30_000;

/** Longest open period: 300 s (Envoy outlier `max_ejection_time`). */
export const BREAKER_MAX_OPEN_MS = 300_000;

/** Share of a target set that may be ejected at once: 10 % (Envoy `max_ejection_percent`). */
export const MAX_EJECTION_PERCENT = 10;
