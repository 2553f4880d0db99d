import { FULL_PASS_RATE_PERCENT } from "./defaults.js";
import {
  afterFallback,
  assertSheetBudget,
  canComplete,
  canRetry,
  type SheetBudget,
} from "./sheet-budget.js";

/** The fields of a `SheetAttemptResult` the decision tree reads (spec §2.2, §2.3.1). */
export interface AttemptReport {
  readonly executionSuccess: boolean;
  readonly rateLimited: boolean;
  /** Confirmed primary rate limit (design B6); `null`/absent falls back to `rateLimited`. */
  readonly rateLimitPrimary?: boolean | null;
  readonly validationsTotal: number;
  /** Percent, 0..100; above 100 counts as 100. */
  readonly validationPassRate: number;
  readonly errorClassification: string | null;
}

/** The classification that sends a failure down the auth branch (exact string, spec §2.3.1 step 7). */
export const AUTH_FAILURE_CLASSIFICATION = "AUTH_FAILURE";

/** Why a non-rate-limited attempt failed: its execution, its credentials, or its validations. */
export type FailureCause = "execution" | "auth" | "validation";

/** What one attempt amounted to, as data (spec §2.3.1, §5.3). `passRate` is the effective rate. */
export type AttemptOutcome =
  | { readonly kind: "rate_limited" }
  | { readonly kind: "success"; readonly passRate: number }
  | { readonly kind: "partial"; readonly passRate: number }
  | { readonly kind: "failure"; readonly cause: FailureCause; readonly passRate: number };

/** Options of `classifyAttempt`. */
export interface ClassifyOptions {
  /**
   * Lowest pass rate (percent) that enters completion mode; a lower non-zero rate is a validation
   * failure. Default 0: every rate in (0, 100) is partial, as in the reference. The score's
   * `completion_threshold_percent` (50) may be passed here (spec §5.1 [RECOMMEND]).
   */
  readonly completionThresholdPercent?: number;
}

/** What the instrument's circuit breaker should hear about an outcome (spec §6.2). */
export type BreakerSignal = "success" | "failure" | "none";

/** The counter an outcome spends (spec §1.9). */
export type BudgetSpent = "normal" | "completion" | "none";

/** Why a report cannot be classified (bad musician input: log and ignore), or null when it can. */
export function attemptReportProblem(r: AttemptReport): string | null {
  if (!r.executionSuccess) return null; // validations only run after a successful execution
  if (!Number.isInteger(r.validationsTotal) || r.validationsTotal < 0)
    return `validationsTotal must be a non-negative integer, got ${r.validationsTotal}`;
  if (!Number.isFinite(r.validationPassRate) || r.validationPassRate < 0)
    return `validationPassRate must be a finite percentage ≥ 0, got ${r.validationPassRate}`;
  return null;
}

/** True when the report is a genuine rate limit: `rateLimitPrimary ?? rateLimited`, on a failed execution. */
export function isRateLimitedFailure(r: AttemptReport): boolean {
  return !r.executionSuccess && (r.rateLimitPrimary ?? r.rateLimited);
}

/** The pass rate the core acts on: 100 for a successful run with no validations (F-018). */
export function effectivePassRate(r: AttemptReport): number {
  if (r.executionSuccess && r.validationsTotal === 0) return FULL_PASS_RATE_PERCENT;
  return r.validationPassRate;
}

// The outcomes that carry no per-result data, shared (the loop classifies every result).
const RATE_LIMITED: AttemptOutcome = Object.freeze({ kind: "rate_limited" });
const AUTH_FAILURE: AttemptOutcome = Object.freeze({ kind: "failure", cause: "auth", passRate: 0 });
const EXECUTION_FAILURE: AttemptOutcome = Object.freeze({
  kind: "failure",
  cause: "execution",
  passRate: 0,
});
const FULL_SUCCESS: AttemptOutcome = Object.freeze({
  kind: "success",
  passRate: FULL_PASS_RATE_PERCENT,
});

/** Classifies one attempt; throws a TypeError for a report `attemptReportProblem` rejects. */
export function classifyAttempt(r: AttemptReport, options: ClassifyOptions = {}): AttemptOutcome {
  const problem = attemptReportProblem(r);
  if (problem !== null) throw new TypeError(problem);
  const threshold = options.completionThresholdPercent ?? 0;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > FULL_PASS_RATE_PERCENT)
    throw new TypeError(`completionThresholdPercent must be in [0, 100], got ${threshold}`);
  if (isRateLimitedFailure(r)) return RATE_LIMITED;
  if (!r.executionSuccess)
    return r.errorClassification === AUTH_FAILURE_CLASSIFICATION ? AUTH_FAILURE : EXECUTION_FAILURE;
  const passRate = effectivePassRate(r);
  if (passRate === FULL_PASS_RATE_PERCENT) return FULL_SUCCESS;
  if (passRate >= FULL_PASS_RATE_PERCENT) return { kind: "success", passRate };
  if (passRate > 0 && passRate >= threshold) return { kind: "partial", passRate };
  return { kind: "failure", cause: "validation", passRate }; // F-065: costs a normal attempt
}

/** Breaker effect: successes and partials credit, execution and auth failures debit, the rest is neutral. */
export function breakerSignal(o: AttemptOutcome): BreakerSignal {
  if (o.kind === "success" || o.kind === "partial") return "success";
  if (o.kind === "failure" && o.cause !== "validation") return "failure";
  return "none";
}

/** Budget effect: failures spend a normal attempt, partials a completion attempt, the rest nothing. */
export function budgetSpent(o: AttemptOutcome): BudgetSpent {
  if (o.kind === "failure") return "normal";
  return o.kind === "partial" ? "completion" : "none";
}

/** The budget after an outcome is recorded (spec §1.9; rate limits spend nothing, F-055). */
export function spendBudget(b: SheetBudget, o: AttemptOutcome): SheetBudget {
  const spent = budgetSpent(o);
  if (spent === "normal") return { ...b, normalAttempts: b.normalAttempts + 1 };
  if (spent === "completion") return { ...b, completionAttempts: b.completionAttempts + 1 };
  return b;
}

/** What the core does next with a sheet after one attempt (spec §2.3.1 steps 2–10). */
export type AttemptStep =
  | { readonly kind: "wait" }
  | { readonly kind: "complete" }
  | { readonly kind: "retry"; readonly mode: "normal" | "completion" }
  | { readonly kind: "exhausted" }
  | { readonly kind: "fallback"; readonly reason: "auth_failure" }
  | {
      readonly kind: "fail";
      readonly errorCode: "E502" | "E999";
      readonly why: "auth_failure" | "sheet_cost_limit";
    };

/** The next step and the budget after it (fallbacks already applied to the budget). */
export interface AttemptDecision {
  readonly step: AttemptStep;
  readonly budget: SheetBudget;
}

/** Facts about the sheet the decision needs besides its budget. */
export interface AttemptContext {
  /** The sheet's cost limit is exceeded (strictly) after this attempt; checked on the failure path only (F-080). */
  readonly sheetCostExceeded?: boolean;
}

/**
 * Records an outcome against a budget and picks the next step. `exhausted` means: run
 * `exhaust` (spec §5.4). Auth failures skip the remaining budget, healing and escalation.
 */
export function decideAttempt(
  budget: SheetBudget,
  outcome: AttemptOutcome,
  context: AttemptContext = {},
): AttemptDecision {
  assertSheetBudget(budget);
  const b = spendBudget(budget, outcome);
  switch (outcome.kind) {
    case "rate_limited":
      return { step: { kind: "wait" }, budget: b };
    case "success":
      return { step: { kind: "complete" }, budget: b };
    case "partial":
      return {
        step: canComplete(b) ? { kind: "retry", mode: "completion" } : { kind: "exhausted" },
        budget: b,
      };
    case "failure":
      if (outcome.cause === "auth") {
        if (b.fallbacksLeft > 0)
          return { step: { kind: "fallback", reason: "auth_failure" }, budget: afterFallback(b) };
        return { step: { kind: "fail", errorCode: "E502", why: "auth_failure" }, budget: b };
      }
      if (context.sheetCostExceeded === true)
        return { step: { kind: "fail", errorCode: "E999", why: "sheet_cost_limit" }, budget: b };
      return {
        step: canRetry(b) ? { kind: "retry", mode: "normal" } : { kind: "exhausted" },
        budget: b,
      };
  }
}
