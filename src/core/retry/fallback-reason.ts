import { effectivePassRate, type AttemptReport } from "./attempt-outcome.js";
import { FULL_PASS_RATE_PERCENT } from "./defaults.js";
import type { SheetBudget } from "./sheet-budget.js";

/** Every reason a fallback history entry and `InstrumentFallback` event can carry (spec §1.7). */
export type FallbackReason =
  | "exhausted"
  | "rate_limit_exhausted"
  | "validation_failed"
  | "validation_incomplete"
  | "execution_timeout"
  | "execution_crashed"
  | "execution_stale"
  | "auth_failure"
  | "execution_failed"
  | "unavailable"
  | "rate_limit";

/** A report plus the message the musician gave; what exhaustion reads of the last attempt. */
export interface LastAttempt extends AttemptReport {
  readonly errorMessage: string | null;
}

// Substrings of the error classification, tested case-insensitively in this order (spec §1.7).
const CLASSIFICATION_REASONS: readonly (readonly [string, FallbackReason])[] = [
  ["TIMEOUT", "execution_timeout"],
  ["CRASH", "execution_crashed"],
  ["STALE", "execution_stale"],
  ["AUTH", "auth_failure"],
];

/** The reason for an exhaustion fallback, derived from the last attempt (spec §1.7 table). */
export function exhaustionFallbackReason(last: AttemptReport | null): FallbackReason {
  if (last === null) return "exhausted";
  if (last.rateLimitPrimary ?? last.rateLimited) return "rate_limit_exhausted";
  if (last.executionSuccess) {
    const p = effectivePassRate(last);
    if (p <= 0) return "validation_failed";
    return p < FULL_PASS_RATE_PERCENT ? "validation_incomplete" : "exhausted";
  }
  const classification = (last.errorClassification ?? "").toUpperCase();
  for (const [needle, reason] of CLASSIFICATION_REASONS)
    if (classification.includes(needle)) return reason;
  return "execution_failed";
}

/**
 * The `errorMessage` of a sheet that exhaustion fails, when it has none yet (spec §5.4 path 5).
 * Unlike the reference, an execution failure without a message is not called a validation
 * failure (spec §13.2).
 */
export function exhaustionMessage(b: SheetBudget, last: LastAttempt | null): string {
  if (last?.errorMessage) return last.errorMessage;
  const attempts = b.normalAttempts + b.completionAttempts;
  if (last !== null && last.executionSuccess) {
    const p = effectivePassRate(last);
    if (p < FULL_PASS_RATE_PERCENT)
      return `Validation failed (${p}% pass rate) after ${attempts} attempts`;
  }
  if (last !== null && !last.executionSuccess)
    return `Execution failed (${last.errorClassification ?? "unclassified"}) after ${attempts} attempts`;
  return `Retries exhausted (normal=${b.normalAttempts}/${b.maxRetries}, completion=${b.completionAttempts}/${b.maxCompletion})`;
}
