import { pacingComplete } from "../events/job-events.js";
import { rateLimitExpired } from "../events/instrument-events.js";
import { instrumentKey } from "../instruments/instrument-key.js";
import { backoffIndex, retryDelayMs } from "../retry/backoff.js";
import { exhaustionStep } from "../retry/exhaustion.js";
import { exhaustionFallbackReason, exhaustionMessage } from "../retry/fallback-reason.js";
import { retryDue } from "../events/sheet-events.js";
import { timerKey, type CoreContext } from "../state/core-context.js";
import type { JobRecord } from "../state/job-record.js";
import type { SheetState } from "../state/sheet-state.js";
import { E999, moveToFallback, transition } from "../state/transition.js";

// The steps several handlers share: retry, exhaustion, failure, cost checks, pacing, rate limits.

/** RETRY_SCHEDULED with backoff by `normalAttempts` (spec §5.2); the timer is keyed per sheet. */
export function scheduleRetry(ctx: CoreContext, job: JobRecord, sheet: SheetState): void {
  if (!transition(ctx, job, sheet, "retry_scheduled")) return;
  const delay = retryDelayMs(backoffIndex(sheet.normalAttempts), ctx.backoff);
  sheet.nextRetryAt = ctx.scheduleSheet(
    sheet,
    "retryTimer",
    delay,
    retryDue({ jobId: job.jobId, sheetNum: sheet.sheetNum }, ctx.now()),
  );
}

/** FAILED with a code and message (kept when already set, spec §5.4); dependents cascade. */
export function failSheet(
  ctx: CoreContext,
  job: JobRecord,
  sheet: SheetState,
  errorCode: string,
  errorMessage: string,
): void {
  transition(ctx, job, sheet, "failed", {
    errorCode: sheet.errorCode ?? errorCode,
    errorMessage: sheet.errorMessage ?? errorMessage,
  });
}

/** The exhaustion procedure (spec §5.4): exactly one of fallback, healing, fermata, retry, fail. */
export function exhaustSheet(ctx: CoreContext, job: JobRecord, sheet: SheetState): void {
  const step = exhaustionStep(sheet.budget(), job);
  switch (step) {
    case "fallback":
      moveToFallback(ctx, job, sheet, exhaustionFallbackReason(sheet.lastAttempt));
      transition(ctx, job, sheet, "pending");
      return;
    case "healing":
      sheet.healingAttempts += 1;
      scheduleRetry(ctx, job, sheet);
      return;
    case "fermata":
      transition(ctx, job, sheet, "fermata");
      return;
    case "retry":
      // Path 4 charges the partial attempt that used up the completion budget as a normal one
      // (so partial ⇄ retry cannot loop forever); the retried attempt pays for its own outcome.
      sheet.normalAttempts += 1;
      scheduleRetry(ctx, job, sheet);
      return;
    case "failed":
      failSheet(ctx, job, sheet, E999, exhaustionMessage(sheet.budget(), sheet.lastAttempt));
      return;
  }
}

/**
 * Re-derives the job's `cost` pause reason: present iff the job's cost is strictly above its
 * limit (spec §1.8; a $0 attempt never exceeds a $0 limit). Only this check adds or lifts it.
 */
export function checkJobCost(ctx: CoreContext, job: JobRecord): void {
  const over = job.costLimitUsd !== null && job.costUsd > job.costLimitUsd;
  if (over === job.pauseReasons.has("cost")) return;
  if (over) {
    job.pauseReasons.add("cost");
    ctx.log("warn", "baton.job.cost_limit_exceeded", {
      jobId: job.jobId,
      costUsd: job.costUsd,
      limitUsd: job.costLimitUsd,
    });
  } else job.pauseReasons.delete("cost");
  ctx.markDirty(job);
}

/** True when the sheet's own cost limit is exceeded (strictly). */
export function sheetCostExceeded(job: JobRecord, sheet: SheetState): boolean {
  const limit = job.sheetCostLimits.get(sheet.sheetNum);
  return limit !== undefined && sheet.totalCostUsd > limit;
}

/** After a completion: pace the job unless other sheets are in flight (spec §6.4, GH#167). */
export function startPacing(ctx: CoreContext, job: JobRecord): void {
  if (job.pacingSeconds <= 0 || job.dispatched > 0 || job.isComplete) return;
  job.pacingActive = true;
  ctx.schedule(
    timerKey.pacing(job.jobId),
    job.pacingSeconds * 1000,
    pacingComplete({ jobId: job.jobId }, ctx.now()),
  );
  ctx.markDirty(job);
}

/**
 * Applies a rate limit inline (spec §13.2: not deferred through the inbox): records the expiry
 * per `instrument` or `instrument:model`, (re)schedules its expiry timer, and moves WAITING
 * sheets of the instrument that have a fallback on to it. In-flight sheets are never touched;
 * their own results decide for them (spec §13.2).
 */
export function applyRateLimit(
  ctx: CoreContext,
  instrument: string,
  model: string | null,
  waitMs: number,
): void {
  const key = instrumentKey(instrument, model);
  const hit = ctx.rateLimits.hit(key, waitMs, ctx.now());
  if (hit.extended)
    ctx.schedule(
      timerKey.rateLimit(key),
      hit.expiresAtMs - ctx.now(),
      rateLimitExpired({ instrument, model }, ctx.now()),
    );
  const waiting = ctx.waitingByInstrument.get(instrument);
  if (waiting === undefined) return;
  for (const sheet of [...waiting]) {
    if (model !== null && sheet.model !== null && sheet.model !== model) continue;
    const job = ctx.jobs.get(sheet.jobId);
    if (job === undefined || !sheet.hasFallbackAvailable) continue;
    moveToFallback(ctx, job, sheet, "rate_limit");
    transition(ctx, job, sheet, "pending");
  }
}

/** WAITING sheets of `instrument` (of `model` only, when given) go back to PENDING. O(waiting). */
export function releaseWaiting(ctx: CoreContext, instrument: string, model: string | null): number {
  const waiting = ctx.waitingByInstrument.get(instrument);
  if (waiting === undefined) return 0;
  let moved = 0;
  for (const sheet of [...waiting]) {
    if (model !== null && sheet.model !== model) continue;
    if (ctx.rateLimits.isLimited(instrumentKey(instrument, sheet.model), ctx.now())) continue;
    const job = ctx.jobs.get(sheet.jobId);
    if (job !== undefined && transition(ctx, job, sheet, "pending")) moved += 1;
  }
  if (waiting.size === 0) ctx.waitingByInstrument.delete(instrument);
  return moved;
}
