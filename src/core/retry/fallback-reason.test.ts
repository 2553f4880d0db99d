import { describe, expect, it } from "vitest";
import {
  exhaustionFallbackReason,
  exhaustionMessage,
  type LastAttempt,
} from "./fallback-reason.js";
import type { SheetBudget } from "./sheet-budget.js";

const failed: LastAttempt = {
  executionSuccess: false,
  rateLimited: false,
  validationsTotal: 0,
  validationPassRate: 0,
  errorClassification: null,
  errorMessage: null,
};
const ran: LastAttempt = { ...failed, executionSuccess: true, validationsTotal: 3 };
const budget: SheetBudget = {
  normalAttempts: 3,
  maxRetries: 3,
  completionAttempts: 2,
  maxCompletion: 5,
  healingAttempts: 0,
  fallbacksLeft: 0,
};

describe("exhaustionFallbackReason (spec §1.7)", () => {
  it("derives the reason from the last attempt", () => {
    expect(exhaustionFallbackReason(null)).toBe("exhausted");
    expect(exhaustionFallbackReason({ ...failed, rateLimited: true })).toBe("rate_limit_exhausted");
    expect(exhaustionFallbackReason({ ...ran, validationPassRate: 0 })).toBe("validation_failed");
    expect(exhaustionFallbackReason({ ...ran, validationPassRate: 40 })).toBe(
      "validation_incomplete",
    );
    expect(exhaustionFallbackReason({ ...ran, validationPassRate: 100 })).toBe("exhausted");
    expect(exhaustionFallbackReason(failed)).toBe("execution_failed");
  });

  it("maps classifications case-insensitively, in table order", () => {
    const by = (c: string) => exhaustionFallbackReason({ ...failed, errorClassification: c });
    expect(by("E001_timeout")).toBe("execution_timeout");
    expect(by("PROCESS_CRASH")).toBe("execution_crashed");
    expect(by("STALE")).toBe("execution_stale");
    expect(by("AUTH_FAILURE")).toBe("auth_failure");
    expect(by("TIMEOUT_AUTH")).toBe("execution_timeout");
    expect(by("E505")).toBe("execution_failed");
  });

  it("follows rateLimitPrimary when it is given (design B6)", () => {
    expect(
      exhaustionFallbackReason({ ...failed, rateLimited: true, rateLimitPrimary: false }),
    ).toBe("execution_failed");
  });
});

describe("exhaustionMessage (spec §5.4 path 5, §13.2)", () => {
  it("prefers the last attempt's own message", () => {
    expect(exhaustionMessage(budget, { ...failed, errorMessage: "boom" })).toBe("boom");
  });

  it("reports a validation shortfall with the pass rate and attempt count", () => {
    expect(exhaustionMessage(budget, { ...ran, validationPassRate: 40 })).toBe(
      "Validation failed (40% pass rate) after 5 attempts",
    );
  });

  it("does not call an execution failure without a message a validation failure", () => {
    expect(exhaustionMessage(budget, { ...failed, errorClassification: "E505" })).toBe(
      "Execution failed (E505) after 5 attempts",
    );
    expect(exhaustionMessage(budget, failed)).toBe(
      "Execution failed (unclassified) after 5 attempts",
    );
  });

  it("falls back to the budget summary", () => {
    expect(exhaustionMessage(budget, null)).toBe("Retries exhausted (normal=3/3, completion=2/5)");
  });
});
