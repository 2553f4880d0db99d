import { circuitBreakerRecovery, rateLimitHit } from "../events/instrument-events.js";
import type { SheetAttemptResult } from "../events/sheet-attempt-result.js";
import { DEFAULT_RATE_LIMIT_WAIT_MS } from "../instruments/defaults.js";
import { breakerSignal, classifyAttempt } from "../retry/attempt-outcome.js";
import { canComplete, canRetry } from "../retry/sheet-budget.js";
import { timerKey, type CoreContext } from "../state/core-context.js";
import type { JobRecord } from "../state/job-record.js";
import type { SheetState } from "../state/sheet-state.js";
import { isTerminal } from "../state/sheet-status.js";
import { E999, moveToFallback, transition } from "../state/transition.js";
import {
  applyRateLimit,
  checkJobCost,
  exhaustSheet,
  failSheet,
  scheduleRetry,
  sheetCostExceeded,
  startPacing,
} from "./sheet-flow.js";

/** Error code of a terminal authentication failure (spec Appendix B). */
export const E502 = "E502";

/**
 * The central decision tree (spec §2.3.1). A result whose attempt id is not the sheet's current
 * one is late or a duplicate and is ignored (spec §13.4); results without an id are accepted
 * (legacy musicians; a late success then still completes a RETRY_SCHEDULED sheet, §12.1 #18).
 */
export function handleSheetAttemptResult(ctx: CoreContext, r: SheetAttemptResult): void {
  const found = ctx.lookup(r.jobId, r.sheetNum, r.type);
  if (found === undefined) return;
  const { job, sheet } = found;
  if (isTerminal(sheet.status)) return;
  if (r.attemptId !== null && r.attemptId !== sheet.attemptId) {
    ctx.log("debug", "baton.sheet.stale_result", {
      jobId: r.jobId,
      sheetNum: r.sheetNum,
      attemptId: r.attemptId,
    });
    return;
  }
  const outcome = classifyAttempt(r, ctx.classifyOptions);
  sheet.attemptId = null; // this attempt has reported; a duplicate is now ignored
  sheet.recordAttempt(r);
  job.costUsd += r.costUsd;
  ctx.markDirty(job);
  recordBreaker(ctx, sheet, r, breakerSignal(outcome));

  switch (outcome.kind) {
    case "rate_limited": {
      transition(ctx, job, sheet, "waiting");
      const waitMs =
        r.rateLimitWaitSeconds === null
          ? DEFAULT_RATE_LIMIT_WAIT_MS
          : r.rateLimitWaitSeconds * 1000;
      // Limit the key this sheet is dispatched under, so exactly its own limit gates it.
      const model = sheet.model;
      applyRateLimit(ctx, r.instrumentName, model, waitMs);
      ctx.observe(
        rateLimitHit(
          {
            instrument: r.instrumentName,
            waitSeconds: waitMs / 1000,
            jobId: job.jobId,
            sheetNum: sheet.sheetNum,
            model,
          },
          ctx.now(),
        ),
      );
      break;
    }
    case "success":
      if (transition(ctx, job, sheet, "completed")) startPacing(ctx, job);
      break;
    case "partial":
      sheet.completionAttempts += 1;
      if (canComplete(sheet.budget())) scheduleRetry(ctx, job, sheet);
      else exhaustSheet(ctx, job, sheet);
      break;
    case "failure":
      onFailure(ctx, job, sheet, r, outcome.cause);
      break;
  }
  checkJobCost(ctx, job);
}

function onFailure(
  ctx: CoreContext,
  job: JobRecord,
  sheet: SheetState,
  r: SheetAttemptResult,
  cause: "execution" | "auth" | "validation",
): void {
  if (cause === "auth") {
    if (moveToFallback(ctx, job, sheet, "auth_failure") !== null)
      transition(ctx, job, sheet, "pending");
    else failSheet(ctx, job, sheet, E502, r.errorMessage ?? "Authentication failure");
    return;
  }
  if (cause === "validation") sheet.normalAttempts += 1; // F-065: recordAttempt did not count it
  if (sheetCostExceeded(job, sheet)) {
    const limit = job.sheetCostLimits.get(sheet.sheetNum) ?? 0;
    failSheet(
      ctx,
      job,
      sheet,
      E999,
      `Sheet cost $${sheet.totalCostUsd.toFixed(2)} exceeded limit $${limit.toFixed(2)}`,
    );
    return;
  }
  if (canRetry(sheet.budget())) scheduleRetry(ctx, job, sheet);
  else exhaustSheet(ctx, job, sheet);
}

/** Credits or debits the instrument's breaker; opening it schedules the recovery probe (GH#169). */
export function recordBreaker(
  ctx: CoreContext,
  sheet: SheetState,
  r: { readonly instrumentName: string },
  signal: "success" | "failure" | "none",
): void {
  const instrument = sheet.leaseInstrument ?? r.instrumentName;
  if (signal === "success") ctx.breakers.recordSuccess(instrument);
  if (signal !== "failure") return;
  const change = ctx.breakers.recordFailure(instrument, ctx.now());
  if (change.recoverAtMs === null) return;
  ctx.schedule(
    timerKey.breaker(instrument),
    change.recoverAtMs - ctx.now(),
    circuitBreakerRecovery({ instrument }, ctx.now()),
  );
  ctx.log("warn", "baton.circuit_breaker.recovery_scheduled", {
    instrument,
    recoverAtMs: change.recoverAtMs,
  });
}
