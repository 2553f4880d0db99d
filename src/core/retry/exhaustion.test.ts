import { describe, expect, it } from "vitest";
import {
  applyExhaustionStep,
  exhaust,
  exhaustionStep,
  type ExhaustionPolicy,
} from "./exhaustion.js";
import type { SheetBudget } from "./sheet-budget.js";

const spent: SheetBudget = {
  normalAttempts: 3,
  maxRetries: 3,
  completionAttempts: 0,
  maxCompletion: 5,
  healingAttempts: 0,
  fallbacksLeft: 0,
};
const all: ExhaustionPolicy = { selfHealingEnabled: true, escalationEnabled: true };
const none: ExhaustionPolicy = { selfHealingEnabled: false, escalationEnabled: false };

describe("exhaustion order (spec §5.4, §12.1 #20–22)", () => {
  it("takes fallback first, whatever else is enabled", () => {
    expect(exhaustionStep({ ...spent, fallbacksLeft: 1 }, all)).toBe("fallback");
  });

  it("heals once before escalating, then escalates, then fails", () => {
    expect(exhaustionStep(spent, all)).toBe("healing");
    expect(exhaustionStep({ ...spent, healingAttempts: 1 }, all)).toBe("fermata");
    expect(
      exhaustionStep({ ...spent, healingAttempts: 1 }, { ...all, escalationEnabled: false }),
    ).toBe("failed");
    expect(exhaustionStep(spent, { selfHealingEnabled: false, escalationEnabled: true })).toBe(
      "fermata",
    );
  });

  it("honours a configured healing budget", () => {
    const twice = { ...all, maxHealingAttempts: 2 };
    expect(exhaustionStep({ ...spent, healingAttempts: 1 }, twice)).toBe("healing");
    expect(exhaustionStep(spent, { ...all, maxHealingAttempts: 0 })).toBe("fermata");
  });

  it("spends the remaining normal budget only after targeted recovery (completion ran out first)", () => {
    const partialOut = { ...spent, normalAttempts: 1, completionAttempts: 5 };
    expect(exhaustionStep(partialOut, none)).toBe("retry");
    expect(exhaustionStep(partialOut, all)).toBe("healing");
    expect(applyExhaustionStep(partialOut, "retry").normalAttempts).toBe(2);
  });

  it("fails with nothing left, and when the job is missing (path 0)", () => {
    expect(exhaustionStep(spent, none)).toBe("failed");
    expect(exhaustionStep({ ...spent, fallbacksLeft: 3 }, null)).toBe("failed");
  });

  it("applies each step to the budget", () => {
    expect(exhaust({ ...spent, completionAttempts: 2, fallbacksLeft: 2 }, none)).toEqual({
      step: "fallback",
      budget: { ...spent, normalAttempts: 0, completionAttempts: 0, fallbacksLeft: 1 },
    });
    expect(exhaust(spent, all)).toEqual({
      step: "healing",
      budget: { ...spent, healingAttempts: 1 },
    });
    expect(exhaust({ ...spent, healingAttempts: 1 }, all).budget).toEqual({
      ...spent,
      healingAttempts: 1,
    });
    expect(exhaust(spent, none)).toEqual({ step: "failed", budget: spent });
  });

  it("rejects a malformed budget", () => {
    expect(() => exhaustionStep({ ...spent, healingAttempts: -1 }, all)).toThrow(TypeError);
  });
});
