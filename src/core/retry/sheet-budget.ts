/**
 * The counters of a sheet that budget its attempts (spec §1.3.1, §1.9). A minimal shape: the
 * full sheet state is defined in `state/`; the core copies these fields in and out.
 */
export interface SheetBudget {
  /** Failed, non-rate-limited attempts on the current instrument (the retry budget counter). */
  readonly normalAttempts: number;
  /** Budget size for `normalAttempts`; the first try counts (3 ⇒ three failures in total). */
  readonly maxRetries: number;
  /** Partial-validation results on the current instrument. */
  readonly completionAttempts: number;
  /** Budget size for `completionAttempts`. */
  readonly maxCompletion: number;
  /** Self-healing attempts used; never reset by a fallback. */
  readonly healingAttempts: number;
  /** Fallback instruments not yet used: `fallbackChain.length − currentInstrumentIndex`. */
  readonly fallbacksLeft: number;
}

const BUDGET_FIELDS = [
  "normalAttempts",
  "maxRetries",
  "completionAttempts",
  "maxCompletion",
  "healingAttempts",
  "fallbacksLeft",
] as const satisfies readonly (keyof SheetBudget)[];

/** Which mode the next dispatch of a sheet runs in (spec §1.10). */
export type AttemptMode = "normal" | "completion" | "healing";

/** True while the normal budget lasts: `normalAttempts < maxRetries`. */
export function canRetry(b: SheetBudget): boolean {
  return b.normalAttempts < b.maxRetries;
}

/** True while the completion budget lasts: `completionAttempts < maxCompletion`. */
export function canComplete(b: SheetBudget): boolean {
  return b.completionAttempts < b.maxCompletion;
}

/** True when both budgets are spent. */
export function isExhausted(b: SheetBudget): boolean {
  return !canRetry(b) && !canComplete(b);
}

/** Attempts made in all modes: normal + completion + healing. */
export function totalAttempts(b: SheetBudget): number {
  return b.normalAttempts + b.completionAttempts + b.healingAttempts;
}

/** The 1-based number the next attempt carries: normal + completion + 1 (spec §1.10). */
export function nextAttemptNumber(b: SheetBudget): number {
  return b.normalAttempts + b.completionAttempts + 1;
}

/** Mode of the next dispatch: completion while partial results exist and budget remains, else healing once healed, else normal. */
export function attemptMode(b: SheetBudget): AttemptMode {
  if (b.completionAttempts > 0 && canComplete(b)) return "completion";
  if (b.healingAttempts > 0) return "healing";
  return "normal";
}

/** The budget after moving to the next fallback instrument: fresh normal and completion budgets. */
export function afterFallback(b: SheetBudget): SheetBudget {
  if (b.fallbacksLeft < 1) throw new TypeError("no fallback instrument left");
  return { ...b, normalAttempts: 0, completionAttempts: 0, fallbacksLeft: b.fallbacksLeft - 1 };
}

/** Throws a TypeError unless every counter is a non-negative integer. */
export function assertSheetBudget(b: SheetBudget): void {
  for (const field of BUDGET_FIELDS) {
    const value = b[field];
    if (!Number.isInteger(value) || value < 0)
      throw new TypeError(`sheet budget ${field} must be a non-negative integer, got ${value}`);
  }
}
