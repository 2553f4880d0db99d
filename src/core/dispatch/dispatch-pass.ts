import type { Dispatch } from "../effects.js";
import { sheetDispatched, staleCheck } from "../events/sheet-events.js";
import { handleEvent } from "../handlers/handle-event.js";
import { instrumentKey } from "../instruments/instrument-key.js";
import { attemptMode, nextAttemptNumber } from "../retry/sheet-budget.js";
import { STALE_GRACE_MS, type CoreContext } from "../state/core-context.js";
import type { JobRecord } from "../state/job-record.js";
import type { SheetState } from "../state/sheet-state.js";
import { moveToFallback } from "../state/transition.js";

/** What one dispatch pass did. */
export interface DispatchPassResult {
  readonly dispatched: Dispatch[];
  /** Why ready sheets or instruments were passed over, with counts (`rate_limited:inst`, …). */
  readonly skippedReasons: Map<string, number>;
}

/** Receives each dispatch; throwing leaves the sheet PENDING and the pass goes on (spec §3.3). */
export type DispatchCallback = (d: Dispatch) => void;

interface Pass {
  readonly ctx: CoreContext;
  readonly max: number;
  readonly now: number;
  readonly callback: DispatchCallback;
  /** Instruments found unable to take work during this pass (created on the first). */
  blocked: Set<string> | null;
  /** A sheet moved to a fallback instrument this round (its new group may be behind us). */
  moved: boolean;
  /** Where dispatches and skip reasons are reported, or null when nobody reads them. */
  readonly result: DispatchPassResult | null;
}

/** Skip reasons (`prefix:name`) built once per prefix and name: a pass reports them often. */
const reasonCache = new Map<string, Map<string, string>>();

function reason(prefix: string, name: string): string {
  let byName = reasonCache.get(prefix);
  if (byName === undefined) {
    byName = new Map();
    reasonCache.set(prefix, byName);
  }
  let text = byName.get(name);
  if (text === undefined) {
    text = `${prefix}:${name}`;
    if (byName.size < 4096) byName.set(name, text);
  }
  return text;
}

function skip(pass: Pass, why: string): void {
  const reasons = pass.result?.skippedReasons;
  if (reasons !== undefined) reasons.set(why, (reasons.get(why) ?? 0) + 1);
}

function isBlocked(pass: Pass, instrument: string): boolean {
  return pass.blocked !== null && pass.blocked.has(instrument);
}

function block(pass: Pass, instrument: string): void {
  (pass.blocked ??= new Set()).add(instrument);
}

/**
 * One dispatch pass (spec §4.3 with the §4.4/§13.2 fixes). Walks only jobs that have ready
 * sheets, round-robin: one sheet per job per round, a served job moves to the back, rounds
 * repeat until the global ceiling binds or nothing moves. Per sheet it checks the instrument's
 * rate limit (instrument and `instrument:model`), both concurrency caps, and the breaker:
 * OPEN or unregistered → fallback (`unavailable`), HALF_OPEN → exactly one probe. Cost
 * O(dispatched + skipped heads), independent of the number of registered sheets.
 */
export function dispatchPass(
  ctx: CoreContext,
  maxConcurrentSheets: number,
  callback: DispatchCallback,
): DispatchPassResult {
  const result: DispatchPassResult = { dispatched: [], skippedReasons: new Map() };
  runPass(ctx, maxConcurrentSheets, callback, result);
  return result;
}

/**
 * `dispatchPass` for the loop, which reads neither the dispatches (the callback has them) nor
 * the skip reasons: the same pass without building its report.
 */
export function runDispatchPass(
  ctx: CoreContext,
  maxConcurrentSheets: number,
  callback: DispatchCallback,
): void {
  runPass(ctx, maxConcurrentSheets, callback, null);
}

function runPass(
  ctx: CoreContext,
  maxConcurrentSheets: number,
  callback: DispatchCallback,
  result: DispatchPassResult | null,
): void {
  if (ctx.shuttingDown || ctx.jobsWithReady.size === 0) return;
  const pass: Pass = {
    ctx,
    max: maxConcurrentSheets,
    now: ctx.now(),
    callback,
    blocked: null,
    moved: false,
    result,
  };
  let progress = true;
  while (progress) {
    progress = false;
    pass.moved = false;
    // One visit per job queued when the round starts; a served job moves to the back.
    const queue = ctx.jobsWithReady;
    let job = queue.head;
    for (let left = queue.size; left > 0 && job !== null; left--) {
      const next: JobRecord | null = job.queueNext;
      if (ctx.dispatchedTotal >= pass.max) {
        skip(pass, "global_concurrency");
        return;
      }
      if (!ctx.isPaused(job) && !job.pacingActive && ctx.jobs.get(job.jobId) === job) {
        if (dispatchOne(pass, job)) {
          progress = true;
          queue.delete(job);
          if (job.readyCount > 0) queue.push(job);
        }
      }
      // Serving a job changes only that job's place; anything else starts the round over.
      if (next !== null && next.queue !== queue) break;
      job = next;
    }
    // Fallbacks are bounded by the chains, so another round after one always terminates.
    if (pass.moved) progress = true;
  }
}

/** Dispatches the first admissible ready sheet of `job`; false when none can go now. */
function dispatchOne(pass: Pass, job: JobRecord): boolean {
  const { ctx } = pass;
  for (const [instrument, group] of job.readyByInstrument) {
    if (group.size === 0) continue;
    if (isBlocked(pass, instrument)) continue;
    const breaker = ctx.breakers.state(instrument).phase;
    if (breaker === "open" || !ctx.concurrency.isRegistered(instrument)) {
      for (const sheet of group.toArray())
        if (moveToFallback(ctx, job, sheet, "unavailable") !== null) pass.moved = true;
      if (group.size > 0) {
        skip(pass, reason("circuit_breaker", instrument));
        block(pass, instrument);
      }
      continue;
    }
    const blockedBy = instrumentBlock(pass, instrument);
    if (blockedBy !== null) {
      skip(pass, blockedBy);
      block(pass, instrument);
      continue;
    }
    for (let sheet = group.head; sheet !== null; sheet = sheet.queueNext) {
      if (sheet.model !== null) {
        const key = instrumentKey(instrument, sheet.model);
        if (ctx.rateLimits.isLimited(key, pass.now)) {
          skip(pass, reason("rate_limited", key));
          continue;
        }
        if (!ctx.concurrency.canAcquire(instrument, sheet.model)) {
          skip(pass, reason("model_concurrency", key));
          continue;
        }
      }
      if (start(pass, job, sheet, breaker === "half_open")) return true;
    }
  }
  return false;
}

/** Why an instrument takes no work this pass (instrument-wide), or null. */
function instrumentBlock(pass: Pass, instrument: string): string | null {
  const { ctx } = pass;
  if (ctx.rateLimits.isLimited(instrument, pass.now)) return reason("rate_limited", instrument);
  if (!ctx.concurrency.canAcquire(instrument)) return reason("instrument_concurrency", instrument);
  if (!ctx.breakers.canAdmit(instrument)) return reason("circuit_breaker_probe", instrument);
  return null;
}

/** Takes the slot (and the probe), hands the attempt to the callback, applies SheetDispatched. */
function start(pass: Pass, job: JobRecord, sheet: SheetState, probe: boolean): boolean {
  const { ctx } = pass;
  const instrument = sheet.instrumentName;
  if (!ctx.breakers.tryAcquire(instrument)) return false;
  ctx.concurrency.acquire(instrument, sheet.model);
  const budget = sheet.budget();
  const attemptId = sheet.nextAttemptId();
  const d: Dispatch = {
    jobId: job.jobId,
    sheetNum: sheet.sheetNum,
    instrument,
    model: sheet.model,
    attempt: nextAttemptNumber(budget),
    attemptId,
    mode: attemptMode(budget),
    timeoutMs: sheet.sheetTimeoutSeconds * 1000,
  };
  try {
    pass.callback(d);
  } catch (error) {
    ctx.concurrency.release(instrument, sheet.model);
    if (probe) ctx.breakers.releaseProbe(instrument);
    sheet.attemptId = null;
    ctx.log("error", "baton.dispatch.callback_failed", {
      jobId: job.jobId,
      sheetNum: sheet.sheetNum,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
  handleEvent(
    ctx,
    sheetDispatched(
      { jobId: job.jobId, sheetNum: sheet.sheetNum, instrument, attemptId },
      ctx.clock.monoMs(),
    ),
  );
  sheet.leaseInstrument = instrument;
  sheet.leaseModel = sheet.model;
  sheet.leaseProbe = probe;
  ctx.scheduleSheet(
    sheet,
    "staleTimer",
    d.timeoutMs + STALE_GRACE_MS,
    staleCheck({ jobId: job.jobId, sheetNum: sheet.sheetNum, attemptId }, ctx.now()),
  );
  pass.result?.dispatched.push(d);
  return true;
}
