import { describe, expect, it } from "vitest";
import {
  afterFallback,
  assertSheetBudget,
  attemptMode,
  canComplete,
  canRetry,
  isExhausted,
  nextAttemptNumber,
  totalAttempts,
  type SheetBudget,
} from "./sheet-budget.js";

const fresh: SheetBudget = {
  normalAttempts: 0,
  maxRetries: 3,
  completionAttempts: 0,
  maxCompletion: 5,
  healingAttempts: 0,
  fallbacksLeft: 0,
};

describe("sheet budget predicates (spec §1.3.1, §1.9)", () => {
  it("derives canRetry, canComplete, isExhausted and totalAttempts from the counters", () => {
    expect(canRetry(fresh)).toBe(true);
    expect(canComplete(fresh)).toBe(true);
    expect(isExhausted(fresh)).toBe(false);
    const spent = { ...fresh, normalAttempts: 3, completionAttempts: 5, healingAttempts: 1 };
    expect(canRetry(spent)).toBe(false);
    expect(canComplete(spent)).toBe(false);
    expect(isExhausted(spent)).toBe(true);
    expect(totalAttempts(spent)).toBe(9);
    expect(isExhausted({ ...spent, completionAttempts: 4 })).toBe(false);
  });

  it("treats maxRetries 0 as no retry at all", () => {
    expect(canRetry({ ...fresh, maxRetries: 0 })).toBe(false);
  });

  it("numbers attempts from 1 and picks the mode of the next dispatch (spec §1.10)", () => {
    expect(nextAttemptNumber(fresh)).toBe(1);
    expect(nextAttemptNumber({ ...fresh, normalAttempts: 2, completionAttempts: 1 })).toBe(4);
    expect(attemptMode(fresh)).toBe("normal");
    expect(attemptMode({ ...fresh, completionAttempts: 2 })).toBe("completion");
    expect(attemptMode({ ...fresh, completionAttempts: 5, healingAttempts: 1 })).toBe("healing");
    expect(attemptMode({ ...fresh, completionAttempts: 5 })).toBe("normal");
    expect(attemptMode({ ...fresh, completionAttempts: 1, healingAttempts: 1 })).toBe("completion");
  });

  it("gives a fallback instrument fresh normal and completion budgets but keeps healing", () => {
    const b = { ...fresh, normalAttempts: 3, completionAttempts: 2, healingAttempts: 1 };
    expect(afterFallback({ ...b, fallbacksLeft: 2 })).toEqual({
      ...b,
      normalAttempts: 0,
      completionAttempts: 0,
      fallbacksLeft: 1,
    });
    expect(() => afterFallback(b)).toThrow(TypeError);
  });

  it("rejects negative, fractional and NaN counters", () => {
    expect(() => assertSheetBudget(fresh)).not.toThrow();
    expect(() => assertSheetBudget({ ...fresh, normalAttempts: -1 })).toThrow(TypeError);
    expect(() => assertSheetBudget({ ...fresh, maxRetries: 1.5 })).toThrow(TypeError);
    expect(() => assertSheetBudget({ ...fresh, fallbacksLeft: Number.NaN })).toThrow(TypeError);
  });
});
