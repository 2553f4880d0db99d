import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  attemptReportProblem,
  breakerSignal,
  budgetSpent,
  classifyAttempt,
  decideAttempt,
  effectivePassRate,
  spendBudget,
  type AttemptOutcome,
  type AttemptReport,
} from "./attempt-outcome.js";
import { exhaust, type ExhaustionPolicy } from "./exhaustion.js";
import type { SheetBudget } from "./sheet-budget.js";

const ok: AttemptReport = {
  executionSuccess: true,
  rateLimited: false,
  validationsTotal: 4,
  validationPassRate: 100,
  errorClassification: null,
};
const failed: AttemptReport = {
  ...ok,
  executionSuccess: false,
  validationsTotal: 0,
  validationPassRate: 0,
  errorClassification: "EXECUTION_ERROR",
};
const fresh: SheetBudget = {
  normalAttempts: 0,
  maxRetries: 3,
  completionAttempts: 0,
  maxCompletion: 5,
  healingAttempts: 0,
  fallbacksLeft: 0,
};

describe("classifyAttempt (spec §2.3.1, §5.3)", () => {
  it("completes at 100 % and above, not at 99.99 % (§12.1 #13)", () => {
    expect(classifyAttempt(ok)).toEqual({ kind: "success", passRate: 100 });
    expect(classifyAttempt({ ...ok, validationPassRate: 150 }).kind).toBe("success");
    expect(classifyAttempt({ ...ok, validationPassRate: 99.99 }).kind).toBe("partial");
    expect(classifyAttempt({ ...ok, validationPassRate: 99.999 }).kind).toBe("partial");
  });

  it("F-018: a successful run with no validations passes whatever rate it reports (§12.1 #12)", () => {
    for (const rate of [0, 12.5, 99.9, 100]) {
      const r = { ...ok, validationsTotal: 0, validationPassRate: rate };
      expect(effectivePassRate(r)).toBe(100);
      expect(classifyAttempt(r)).toEqual({ kind: "success", passRate: 100 });
    }
  });

  it("puts 0 < rate < 100 in completion mode and 0 % with validations in the failure path (F-065)", () => {
    expect(classifyAttempt({ ...ok, validationPassRate: 50 })).toEqual({
      kind: "partial",
      passRate: 50,
    });
    expect(classifyAttempt({ ...ok, validationPassRate: 0 })).toEqual({
      kind: "failure",
      cause: "validation",
      passRate: 0,
    });
  });

  it("honours a completion threshold: a lower non-zero rate is a validation failure", () => {
    const at = (rate: number) =>
      classifyAttempt({ ...ok, validationPassRate: rate }, { completionThresholdPercent: 50 }).kind;
    expect(at(49.9)).toBe("failure");
    expect(at(50)).toBe("partial");
    expect(() => classifyAttempt(ok, { completionThresholdPercent: 101 })).toThrow(TypeError);
    expect(() => classifyAttempt(ok, { completionThresholdPercent: Number.NaN })).toThrow(
      TypeError,
    );
  });

  it("treats a failed, rate-limited run as a rate limit and a successful one as success (B5, §12.1 #16)", () => {
    expect(classifyAttempt({ ...failed, rateLimited: true })).toEqual({ kind: "rate_limited" });
    expect(classifyAttempt({ ...ok, rateLimited: true }).kind).toBe("success");
  });

  it("lets rateLimitPrimary override rateLimited (design B6)", () => {
    expect(classifyAttempt({ ...failed, rateLimited: true, rateLimitPrimary: false }).kind).toBe(
      "failure",
    );
    expect(classifyAttempt({ ...failed, rateLimitPrimary: true }).kind).toBe("rate_limited");
    expect(classifyAttempt({ ...failed, rateLimited: true, rateLimitPrimary: null }).kind).toBe(
      "rate_limited",
    );
  });

  it("sends exactly AUTH_FAILURE down the auth branch", () => {
    expect(classifyAttempt({ ...failed, errorClassification: "AUTH_FAILURE" })).toEqual({
      kind: "failure",
      cause: "auth",
      passRate: 0,
    });
    expect(classifyAttempt({ ...failed, errorClassification: "auth_failure" })).toMatchObject({
      cause: "execution",
    });
  });

  it("rejects negative, NaN or infinite pass rates and bad validation counts of a successful run", () => {
    for (const bad of [
      { ...ok, validationPassRate: -1 },
      { ...ok, validationPassRate: Number.NaN },
      { ...ok, validationPassRate: Number.POSITIVE_INFINITY },
      { ...ok, validationsTotal: -1 },
      { ...ok, validationsTotal: 1.5 },
    ]) {
      expect(attemptReportProblem(bad)).not.toBeNull();
      expect(() => classifyAttempt(bad)).toThrow(TypeError);
    }
    // A failed run carries no validation figures worth checking.
    expect(attemptReportProblem({ ...failed, validationPassRate: Number.NaN })).toBeNull();
  });
});

describe("breaker and budget effects (spec §1.9, §6.2)", () => {
  const cases: [AttemptOutcome, string, string][] = [
    [{ kind: "rate_limited" }, "none", "none"],
    [{ kind: "success", passRate: 100 }, "success", "none"],
    [{ kind: "partial", passRate: 40 }, "success", "completion"],
    [{ kind: "failure", cause: "execution", passRate: 0 }, "failure", "normal"],
    [{ kind: "failure", cause: "auth", passRate: 0 }, "failure", "normal"],
    [{ kind: "failure", cause: "validation", passRate: 0 }, "none", "normal"],
  ];
  it.each(cases)("%j → breaker %s, spends %s", (outcome, breaker, spent) => {
    expect(breakerSignal(outcome)).toBe(breaker);
    expect(budgetSpent(outcome)).toBe(spent);
  });

  it("never spends budget on any number of rate limits (F-055, §12.1 #7)", () => {
    let b = fresh;
    for (let i = 0; i < 100; i++) b = spendBudget(b, { kind: "rate_limited" });
    expect(b).toEqual(fresh);
  });
});

describe("decideAttempt (spec §2.3.1)", () => {
  const failure: AttemptOutcome = { kind: "failure", cause: "execution", passRate: 0 };

  it("retries until the n-th failure, which exhausts (§12.1 #11)", () => {
    let b = fresh;
    const steps: string[] = [];
    for (let i = 0; i < 3; i++) {
      const d = decideAttempt(b, failure);
      steps.push(d.step.kind);
      b = d.budget;
    }
    expect(steps).toEqual(["retry", "retry", "exhausted"]);
    expect(b.normalAttempts).toBe(3);
    expect(decideAttempt({ ...fresh, maxRetries: 0 }, failure).step.kind).toBe("exhausted");
  });

  it("waits on a rate limit and completes on success without touching the budget", () => {
    expect(decideAttempt(fresh, { kind: "rate_limited" })).toEqual({
      step: { kind: "wait" },
      budget: fresh,
    });
    expect(decideAttempt(fresh, { kind: "success", passRate: 100 })).toEqual({
      step: { kind: "complete" },
      budget: fresh,
    });
  });

  it("spends one completion attempt per partial and exhausts on the maxCompletion-th (§12.1 #14)", () => {
    const partial: AttemptOutcome = { kind: "partial", passRate: 60 };
    const d = decideAttempt(fresh, partial);
    expect(d.step).toEqual({ kind: "retry", mode: "completion" });
    expect(d.budget).toEqual({ ...fresh, completionAttempts: 1 });
    expect(decideAttempt({ ...fresh, completionAttempts: 4 }, partial).step.kind).toBe("exhausted");
  });

  it("fails an auth failure with E502 at once when no fallback is left (§12.1 #17)", () => {
    const auth: AttemptOutcome = { kind: "failure", cause: "auth", passRate: 0 };
    expect(decideAttempt(fresh, auth).step).toEqual({
      kind: "fail",
      errorCode: "E502",
      why: "auth_failure",
    });
    const d = decideAttempt({ ...fresh, normalAttempts: 1, fallbacksLeft: 1 }, auth);
    expect(d.step).toEqual({ kind: "fallback", reason: "auth_failure" });
    expect(d.budget).toEqual({ ...fresh, fallbacksLeft: 0 });
  });

  it("fails on an exceeded sheet cost limit on the failure path only (F-080)", () => {
    expect(decideAttempt(fresh, failure, { sheetCostExceeded: true }).step).toEqual({
      kind: "fail",
      errorCode: "E999",
      why: "sheet_cost_limit",
    });
    const validation: AttemptOutcome = { kind: "failure", cause: "validation", passRate: 0 };
    expect(decideAttempt(fresh, validation, { sheetCostExceeded: true }).step.kind).toBe("fail");
    const success: AttemptOutcome = { kind: "success", passRate: 100 };
    expect(decideAttempt(fresh, success, { sheetCostExceeded: true }).step.kind).toBe("complete");
    const partial: AttemptOutcome = { kind: "partial", passRate: 10 };
    expect(decideAttempt(fresh, partial, { sheetCostExceeded: true }).step.kind).toBe("retry");
  });

  it("rejects a malformed budget", () => {
    expect(() => decideAttempt({ ...fresh, maxRetries: -1 }, failure)).toThrow(TypeError);
  });

  const budget = fc.record({
    normalAttempts: fc.constant(0),
    maxRetries: fc.nat({ max: 5 }),
    completionAttempts: fc.constant(0),
    maxCompletion: fc.nat({ max: 5 }),
    healingAttempts: fc.constant(0),
    fallbacksLeft: fc.nat({ max: 3 }),
  });
  const policy = fc.record({
    selfHealingEnabled: fc.boolean(),
    escalationEnabled: fc.boolean(),
  }) satisfies fc.Arbitrary<ExhaustionPolicy>;
  const outcome = fc.oneof(
    fc.constant<AttemptOutcome>({ kind: "rate_limited" }),
    fc.constant<AttemptOutcome>({ kind: "success", passRate: 100 }),
    fc.constant<AttemptOutcome>({ kind: "partial", passRate: 50 }),
    fc
      .constantFrom<FailureLike>("execution", "auth", "validation")
      .map((cause): AttemptOutcome => ({ kind: "failure", cause, passRate: 0 })),
  );
  type FailureLike = "execution" | "auth" | "validation";

  it("always ends, and never lets counters go negative or spends budget on rate limits (property)", () => {
    fc.assert(
      fc.property(budget, policy, fc.array(outcome, { maxLength: 200 }), (start, p, outcomes) => {
        // Each budgeted result moves a counter toward a bound, so the sheet settles after at most
        // (fallbacks + 1) × (maxRetries + maxCompletion + 1) + healing budgeted results.
        const bound = (start.fallbacksLeft + 1) * (start.maxRetries + start.maxCompletion + 1) + 1;
        let b: SheetBudget = start;
        let budgeted = 0;
        for (const o of outcomes) {
          const before = b;
          const d = decideAttempt(b, o);
          b = d.budget;
          if (o.kind === "rate_limited") expect(b).toEqual(before);
          else budgeted += 1;
          let step: string = d.step.kind;
          if (step === "exhausted") {
            const e = exhaust(b, p);
            b = e.budget;
            step = e.step;
          }
          for (const v of Object.values(b)) expect(v).toBeGreaterThanOrEqual(0);
          expect(b.healingAttempts).toBeLessThanOrEqual(1);
          if (["complete", "fail", "failed", "fermata"].includes(step)) return;
          expect(budgeted).toBeLessThanOrEqual(bound);
        }
      }),
    );
  });
});
