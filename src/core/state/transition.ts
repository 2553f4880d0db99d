import { escalationTimeout } from "../events/escalation-events.js";
import { instrumentFallback } from "../events/instrument-events.js";
import type { FallbackReason } from "../retry/fallback-reason.js";
import { timerKey, type CoreContext } from "./core-context.js";
import type { JobRecord } from "./job-record.js";
import { StatusChanged } from "./observe-effect.js";
import type { SheetState } from "./sheet-state.js";
import { isSatisfying, isTerminal, type SheetStatus } from "./sheet-status.js";

/** Error code of a terminal failure, cascade skip or escalation failure (spec Appendix B). */
export const E999 = "E999";

/** What a transition writes besides the status. */
export interface TransitionCause {
  /** Set the sheet's error code (undefined = leave it). */
  readonly errorCode?: string | null;
  /** Set the sheet's error message (undefined = leave it). */
  readonly errorMessage?: string | null;
  /** Run the failure cascade when the new status does not satisfy dependents (default true). */
  readonly cascade?: boolean;
}

/**
 * The single mutation funnel (spec §13.4): every status change goes through here. It enforces
 * terminal absorption, keeps the ready groups, WAITING index, in-flight counts and FERMATA
 * counters in step, cancels timers the change makes moot, marks the job dirty, satisfies
 * dependents through the job graph, and runs the failure cascade (E999) over dependents only.
 * Returns false (and changes nothing) for a terminal sheet or a same-status move.
 */
export function transition(
  ctx: CoreContext,
  job: JobRecord,
  sheet: SheetState,
  to: SheetStatus,
  cause: TransitionCause = NO_CAUSE,
): boolean {
  const changed = step(ctx, job, sheet, to, cause);
  if (changed !== CASCADE) return changed === CHANGED;
  // The cascade is iterative so a chain of 100 000 sheets cannot overflow the stack.
  const blocked: SheetState[] = [sheet];
  for (let i = 0; i < blocked.length; i++) {
    const root = blocked[i] as SheetState;
    for (const dependent of job.graph.dependentsOf(root.sheetNum)) {
      const d = job.sheets.get(dependent);
      if (d === undefined || isTerminal(d.status)) continue;
      const blockedToo = step(ctx, job, d, "skipped", {
        errorCode: E999,
        errorMessage: `Blocked by failed dependency: sheet ${root.sheetNum}`,
      });
      if (blockedToo === CASCADE) blocked.push(d);
    }
  }
  return true;
}

const NO_CAUSE: TransitionCause = Object.freeze({});
const UNCHANGED = 0;
const CHANGED = 1;
/** Changed to a terminal status that does not satisfy dependents: they cascade. */
const CASCADE = 2;

function step(
  ctx: CoreContext,
  job: JobRecord,
  sheet: SheetState,
  to: SheetStatus,
  cause: TransitionCause,
): typeof UNCHANGED | typeof CHANGED | typeof CASCADE {
  const from = sheet.status;
  if (isTerminal(from) || from === to) return UNCHANGED;
  leave(ctx, job, sheet, from);
  sheet.status = to;
  if (cause.errorCode !== undefined) sheet.errorCode = cause.errorCode;
  if (cause.errorMessage !== undefined) sheet.errorMessage = cause.errorMessage;
  enter(ctx, job, sheet, to);
  // (d) of spec §13.4: every status change is visible to observers.
  ctx.effects.push(
    new StatusChanged(job.jobId, sheet.sheetNum, ctx.now(), from, to, sheet.errorCode),
  );
  let result: typeof CHANGED | typeof CASCADE = CHANGED;
  if (isTerminal(to)) {
    job.nonTerminal -= 1;
    if (isSatisfying(to, sheet.errorCode)) {
      job.succeeded += 1;
      for (const n of job.graph.markSatisfied(sheet.sheetNum)) {
        const d = job.sheets.get(n);
        if (d !== undefined && (d.status === "pending" || d.status === "ready"))
          addReady(ctx, job, d);
      }
    } else if (cause.cascade !== false) result = CASCADE;
    if (job.nonTerminal === 0) completeJob(ctx, job);
  }
  ctx.markDirty(job);
  return result;
}

/**
 * Takes a sheet out of every index its status puts it in (ready group, WAITING set, in-flight
 * counts and slot, timers), without changing its status: for deregistration and rebuilds.
 */
export function detachSheet(ctx: CoreContext, job: JobRecord, sheet: SheetState): void {
  leave(ctx, job, sheet, sheet.status);
}

function leave(ctx: CoreContext, job: JobRecord, sheet: SheetState, from: SheetStatus): void {
  switch (from) {
    case "pending":
    case "ready":
      if (job.removeReady(sheet)) syncReadyJobs(ctx, job);
      return;
    case "dispatched":
      releaseAttempt(ctx, job, sheet);
      return;
    case "fermata":
      job.fermata -= 1;
      ctx.cancelSheet(sheet, "escalationTimer");
      // The escalation pause lasts while any sheet waits for a decision (F-066); other
      // reasons (user, cost, resource) are untouched.
      if (job.fermata === 0) job.pauseReasons.delete("escalation");
      return;
    case "retry_scheduled":
      ctx.cancelSheet(sheet, "retryTimer");
      sheet.nextRetryAt = null;
      return;
    case "waiting":
      ctx.waitingByInstrument.get(sheet.instrumentName)?.delete(sheet);
      return;
    default:
      return;
  }
}

function enter(ctx: CoreContext, job: JobRecord, sheet: SheetState, to: SheetStatus): void {
  switch (to) {
    case "pending":
    case "ready":
      if (job.graph.isUnblocked(sheet.sheetNum)) addReady(ctx, job, sheet);
      return;
    case "dispatched":
      job.dispatched += 1;
      ctx.dispatchedTotal += 1;
      return;
    case "fermata":
      job.fermata += 1;
      job.pauseReasons.add("escalation");
      ctx.scheduleSheet(
        sheet,
        "escalationTimer",
        ctx.escalationTimeoutMs,
        escalationTimeout({ jobId: job.jobId, sheetNum: sheet.sheetNum }, ctx.now()),
      );
      return;
    case "waiting": {
      let set = ctx.waitingByInstrument.get(sheet.instrumentName);
      if (set === undefined) {
        set = new Set();
        ctx.waitingByInstrument.set(sheet.instrumentName, set);
      }
      set.add(sheet);
      return;
    }
    default:
      return;
  }
}

/** Ends the in-flight attempt's bookkeeping: counters, concurrency slot, breaker probe, stale timer. */
function releaseAttempt(ctx: CoreContext, job: JobRecord, sheet: SheetState): void {
  job.dispatched -= 1;
  ctx.dispatchedTotal -= 1;
  ctx.cancelSheet(sheet, "staleTimer");
  const instrument = sheet.leaseInstrument;
  if (instrument !== null) {
    ctx.concurrency.release(instrument, sheet.leaseModel);
    if (sheet.leaseProbe) ctx.breakers.releaseProbe(instrument);
    sheet.leaseInstrument = null;
    sheet.leaseModel = null;
    sheet.leaseProbe = false;
  }
  if (sheet.attemptId !== null) {
    // No result consumed the attempt: its musician still runs and must be stopped.
    ctx.effects.push({
      kind: "cancelAttempt",
      jobId: job.jobId,
      sheetNum: sheet.sheetNum,
      attemptId: sheet.attemptId,
    });
    sheet.attemptId = null;
  }
}

function addReady(ctx: CoreContext, job: JobRecord, sheet: SheetState): void {
  if (job.addReady(sheet)) syncReadyJobs(ctx, job);
}

/** Keeps the job's membership of the round-robin set in step with its ready count. */
export function syncReadyJobs(ctx: CoreContext, job: JobRecord): void {
  if (job.readyCount > 0) {
    if (!ctx.jobsWithReady.has(job) && ctx.jobs.get(job.jobId) === job) ctx.jobsWithReady.push(job);
  } else ctx.jobsWithReady.delete(job);
}

/** Signals completion once, when every sheet of the job is terminal. */
export function completeJobIfDone(ctx: CoreContext, job: JobRecord): void {
  if (job.nonTerminal === 0) completeJob(ctx, job);
}

/** Runs the failure cascade from a sheet that is already terminal and unsatisfying (F-440). */
export function cascadeFrom(ctx: CoreContext, job: JobRecord, sheet: SheetState): void {
  if (!isTerminal(sheet.status) || isSatisfying(sheet.status, sheet.errorCode)) return;
  const [first] = job.graph.dependentsOf(sheet.sheetNum);
  if (first === undefined) return;
  for (const dependent of job.graph.dependentsOf(sheet.sheetNum)) {
    const d = job.sheets.get(dependent);
    if (d === undefined || isTerminal(d.status)) continue;
    transition(ctx, job, d, "skipped", {
      errorCode: E999,
      errorMessage: `Blocked by failed dependency: sheet ${sheet.sheetNum}`,
    });
  }
}

function completeJob(ctx: CoreContext, job: JobRecord): void {
  if (job.completionSignalled) return;
  job.completionSignalled = true;
  ctx.cancelTimer(timerKey.timeout(job.jobId));
  ctx.cancelTimer(timerKey.pacing(job.jobId));
  job.pacingActive = false;
  ctx.effects.push({
    kind: "jobComplete",
    jobId: job.jobId,
    allSuccess: job.succeeded === job.sheets.size,
  });
  if (job.cronEntry !== null) {
    const entry = ctx.cron.get(job.cronEntry);
    if (entry !== undefined && entry.jobId === job.jobId) entry.running = false;
  }
}

/**
 * Moves a sheet to its next fallback instrument, keeping the indexes keyed by instrument in
 * step; registers the new instrument (GH#170) and, when `announce`, buffers and observes an
 * `InstrumentFallback`. Returns the new instrument, or null when the chain is used up.
 */
export function moveToFallback(
  ctx: CoreContext,
  job: JobRecord,
  sheet: SheetState,
  reason: FallbackReason,
  announce = true,
): string | null {
  if (!sheet.hasFallbackAvailable || isTerminal(sheet.status)) return null;
  const from = sheet.instrumentName;
  const wasReady = job.removeReady(sheet);
  const waiting = ctx.waitingByInstrument.get(from)?.delete(sheet) ?? false;
  const to = sheet.advanceFallback(reason, ctx.now()) as string;
  ctx.concurrency.registerInstrument(to);
  if (wasReady) job.addReady(sheet);
  if (waiting) enter(ctx, job, sheet, "waiting");
  syncReadyJobs(ctx, job);
  if (announce) {
    const event = instrumentFallback(
      {
        jobId: job.jobId,
        sheetNum: sheet.sheetNum,
        fromInstrument: from,
        toInstrument: to,
        reason,
      },
      ctx.now(),
    );
    ctx.fallbackEvents.push(event);
    ctx.observe(event);
  }
  ctx.markDirty(job);
  return to;
}
