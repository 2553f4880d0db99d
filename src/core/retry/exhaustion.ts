import { MAX_HEALING_ATTEMPTS } from "./defaults.js";
import { afterFallback, assertSheetBudget, canRetry, type SheetBudget } from "./sheet-budget.js";

/**
 * The one path an exhausted sheet takes (spec §5.4), in this order: `fallback` to the next
 * instrument (PENDING, no backoff), `healing` (one more retry), `fermata` (park for a human and
 * pause the job), `retry` on the remaining normal budget, else `failed` (E999 + cascade).
 */
export type ExhaustionStep = "fallback" | "healing" | "fermata" | "retry" | "failed";

/** The job options the exhaustion order reads. */
export interface ExhaustionPolicy {
  readonly selfHealingEnabled: boolean;
  readonly escalationEnabled: boolean;
  /** Healing attempts per sheet (default 1, the reference's `MAX_HEALING`). */
  readonly maxHealingAttempts?: number;
}

/** The next exhaustion step; a missing job (`null` policy) fails the sheet (path 0). */
export function exhaustionStep(b: SheetBudget, policy: ExhaustionPolicy | null): ExhaustionStep {
  assertSheetBudget(b);
  if (policy === null) return "failed";
  if (b.fallbacksLeft > 0) return "fallback";
  const maxHealing = policy.maxHealingAttempts ?? MAX_HEALING_ATTEMPTS;
  if (policy.selfHealingEnabled && b.healingAttempts < maxHealing) return "healing";
  if (policy.escalationEnabled) return "fermata";
  if (canRetry(b)) return "retry";
  return "failed";
}

/**
 * The budget after a step: a fallback gives fresh normal and completion budgets, healing spends
 * one healing attempt, and `retry` spends one normal attempt so that a completion ↔ retry
 * cycle cannot loop forever (spec §5.4 path 4).
 */
export function applyExhaustionStep(b: SheetBudget, step: ExhaustionStep): SheetBudget {
  switch (step) {
    case "fallback":
      return afterFallback(b);
    case "healing":
      return { ...b, healingAttempts: b.healingAttempts + 1 };
    case "retry":
      return { ...b, normalAttempts: b.normalAttempts + 1 };
    case "fermata":
    case "failed":
      return b;
  }
}

/** Picks the exhaustion step and applies it to the budget. */
export function exhaust(
  b: SheetBudget,
  policy: ExhaustionPolicy | null,
): { readonly step: ExhaustionStep; readonly budget: SheetBudget } {
  const step = exhaustionStep(b, policy);
  return { step, budget: applyExhaustionStep(b, step) };
}
