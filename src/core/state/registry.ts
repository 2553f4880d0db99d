import { BatonError } from "../../common/index.js";
import { jobTimeout } from "../events/job-events.js";
import { assertInstrumentName } from "../instruments/instrument-key.js";
import { timerKey, type CoreContext } from "./core-context.js";
import { JobGraph } from "./job-graph.js";
import { JobRecord, type JobOptions } from "./job-record.js";
import { SheetState, type SheetSpec } from "./sheet-state.js";
import { isSatisfying, isTerminal, parseSheetStatus } from "./sheet-status.js";
import { cascadeFrom, completeJobIfDone, detachSheet, syncReadyJobs } from "./transition.js";

function invalid(jobId: string, why: string): never {
  throw new BatonError("E_JOB_INVALID", `job '${jobId}': ${why}`, {
    hint: "fix the job's sheets, dependencies or options; the job was not registered",
  });
}

function checkNumber(jobId: string, field: string, value: unknown, integer = false): void {
  if (value === undefined) return;
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  )
    invalid(
      jobId,
      `${field} must be a ${integer ? "non-negative integer" : "finite number ≥ 0"}, got ${JSON.stringify(value) ?? typeof value}`,
    );
}

function checkSpec(jobId: string, spec: SheetSpec): void {
  const at = `sheet ${spec.sheetNum}`;
  for (const name of [spec.instrument, ...(spec.fallbackChain ?? [])]) {
    try {
      assertInstrumentName(name);
    } catch {
      invalid(jobId, `${at}: instrument name '${name}' must be non-empty and contain no ':'`);
    }
  }
  checkNumber(jobId, `${at}.maxRetries`, spec.maxRetries, true);
  checkNumber(jobId, `${at}.maxCompletion`, spec.maxCompletion, true);
  checkNumber(jobId, `${at}.timeoutSeconds`, spec.timeoutSeconds);
  if (spec.status !== undefined) {
    try {
      parseSheetStatus(spec.status);
    } catch {
      invalid(jobId, `${at}: unknown status '${spec.status}'`);
    }
  }
}

/**
 * Checks a registration and builds the job record without touching the core's state (so a bad
 * job changes nothing). Sheets in `reuse` (terminal or in-flight sheets kept by a rebuild) are
 * kept as they are; other sheets start from their spec, and a sheet saved in a timed or
 * in-flight status restarts PENDING (recovery rule, spec §9.4).
 */
export function buildJob(
  ctx: CoreContext,
  jobId: string,
  specs: readonly SheetSpec[],
  deps: ReadonlyMap<number, readonly number[]>,
  options: JobOptions,
  reuse: ReadonlyMap<number, SheetState> = new Map(),
  createdAtMs: number = ctx.now(),
): JobRecord {
  if (typeof jobId !== "string" || jobId === "")
    invalid(String(jobId), "job id must be a non-empty string");
  checkNumber(jobId, "pacingSeconds", options.pacingSeconds);
  checkNumber(jobId, "jobTimeoutSeconds", options.jobTimeoutSeconds);
  checkNumber(jobId, "costLimitUsd", options.costLimitUsd);
  for (const spec of specs) checkSpec(jobId, spec);
  const graph = JobGraph.build(
    jobId,
    specs.map((s) => s.sheetNum),
    deps,
  );
  const job = new JobRecord(
    jobId,
    graph,
    options.escalationEnabled ?? false,
    options.selfHealingEnabled ?? false,
    options.pacingSeconds ?? 0,
    options.cronEntry ?? null,
    createdAtMs,
  );
  job.costLimitUsd = options.costLimitUsd ?? null;
  for (const spec of specs) {
    let sheet = reuse.get(spec.sheetNum);
    if (sheet === undefined) {
      sheet = new SheetState(jobId, spec);
      if (!isTerminal(sheet.status) && sheet.status !== "ready") sheet.status = "pending";
    }
    job.sheets.set(spec.sheetNum, sheet);
  }
  return job;
}

/**
 * Makes a built job live: registers its instruments (primary and every fallback, GH#170),
 * fills the indexes and counters, satisfies dependents of finished sheets, cascades from
 * FAILED/CANCELLED/blocked sheets (F-440), schedules the job timeout and binds a cron entry.
 */
export function installJob(ctx: CoreContext, job: JobRecord, jobTimeoutSeconds?: number): void {
  ctx.jobs.set(job.jobId, job);
  // Re-registered in the batch that removed it: already queued for its persist.
  if (ctx.dirtyJobs.includes(job.jobId)) job.dirty = true;
  for (const sheet of job.sheets.values()) {
    ctx.concurrency.registerInstrument(sheet.instrumentName);
    for (const name of sheet.fallbackChain) ctx.concurrency.registerInstrument(name);
    if (!isTerminal(sheet.status)) job.nonTerminal += 1;
    else if (isSatisfying(sheet.status, sheet.errorCode)) {
      job.succeeded += 1;
      job.graph.markSatisfied(sheet.sheetNum);
    }
    if (sheet.status === "dispatched") job.dispatched += 1;
  }
  for (const sheet of job.sheets.values()) {
    const ready = sheet.status === "pending" || sheet.status === "ready";
    if (ready && job.graph.isUnblocked(sheet.sheetNum)) job.addReady(sheet);
  }
  syncReadyJobs(ctx, job);
  for (const sheet of job.sheets.values()) cascadeFrom(ctx, job, sheet);
  const timeoutMs = jobTimeoutSeconds === undefined ? ctx.jobTimeoutMs : jobTimeoutSeconds * 1000;
  if (timeoutMs > 0 && !job.isComplete)
    ctx.schedule(
      timerKey.timeout(job.jobId),
      timeoutMs,
      jobTimeout({ jobId: job.jobId }, ctx.now()),
    );
  if (job.cronEntry !== null) {
    const entry = ctx.cron.get(job.cronEntry) ?? { jobId: null, running: false, droppedTicks: 0 };
    entry.jobId = job.jobId;
    entry.running = !job.isComplete;
    ctx.cron.set(job.cronEntry, entry);
  }
  ctx.markDirty(job);
  completeJobIfDone(ctx, job);
}

/** Throws E_JOB_INVALID when `jobId` is already registered. */
export function assertNewJob(ctx: CoreContext, jobId: string): void {
  if (ctx.jobs.has(jobId))
    invalid(jobId, "a job with this id is already registered (deregister it first)");
}

/** Registers a job (spec §7.7); a duplicate id or any bad input throws E_JOB_INVALID. */
export function registerJob(
  ctx: CoreContext,
  jobId: string,
  specs: readonly SheetSpec[],
  deps: ReadonlyMap<number, readonly number[]>,
  options: JobOptions = {},
): JobRecord {
  assertNewJob(ctx, jobId);
  const job = buildJob(ctx, jobId, specs, deps, options);
  installJob(ctx, job, options.jobTimeoutSeconds);
  return job;
}

/**
 * Removes a job and everything it holds (spec §7.6, F-062): its indexes, in-flight slots (with
 * `cancelAttempt` for running musicians), timers, cost limits, A2A tasks and cron binding.
 * Instruments stay. Idempotent; returns false for an unknown job.
 */
export function deregisterJob(ctx: CoreContext, jobId: string): boolean {
  const job = ctx.jobs.get(jobId);
  if (job === undefined) return false;
  for (const sheet of job.sheets.values()) {
    detachSheet(ctx, job, sheet);
    ctx.cancelSheetTimers(sheet);
  }
  ctx.cancelTimer(timerKey.pacing(jobId));
  ctx.cancelTimer(timerKey.timeout(jobId));
  for (const task of job.a2aInbox) ctx.a2aTasks.delete(task.taskId);
  if (job.cronEntry !== null) {
    const entry = ctx.cron.get(job.cronEntry);
    if (entry !== undefined && entry.jobId === jobId) entry.running = false;
  }
  ctx.jobs.delete(jobId);
  ctx.jobsWithReady.delete(job);
  ctx.markRemoved(jobId);
  return true;
}

/**
 * Rebuilds a job from a new config inside the core (spec §7.5 [RECOMMEND]): terminal sheets
 * and in-flight attempts are kept as they are; every other sheet restarts PENDING from its new
 * spec on its primary instrument, keeping its counters and attempt sequence (so budgets are
 * not refilled by a reload and attempt ids never repeat). Pause reasons, cost, cost limits and
 * A2A state carry over. A bad config throws and leaves the job untouched.
 */
export function rebuildJob(
  ctx: CoreContext,
  old: JobRecord,
  specs: readonly SheetSpec[],
  deps: ReadonlyMap<number, readonly number[]>,
  options: JobOptions,
): JobRecord {
  const reuse = new Map<number, SheetState>();
  for (const sheet of old.sheets.values())
    if (isTerminal(sheet.status) || sheet.status === "dispatched") reuse.set(sheet.sheetNum, sheet);
  const merged: JobOptions = {
    escalationEnabled: options.escalationEnabled ?? old.escalationEnabled,
    selfHealingEnabled: options.selfHealingEnabled ?? old.selfHealingEnabled,
    pacingSeconds: options.pacingSeconds ?? old.pacingSeconds,
    costLimitUsd: options.costLimitUsd ?? old.costLimitUsd ?? undefined,
    ...(old.cronEntry === null ? {} : { cronEntry: old.cronEntry }),
  };
  const job = buildJob(ctx, old.jobId, specs, deps, merged, reuse);
  for (const sheet of job.sheets.values()) {
    const before = old.sheets.get(sheet.sheetNum);
    if (before === undefined || before === sheet) continue;
    sheet.copyCounters(before);
    sheet.attemptSeq = before.attemptSeq;
    sheet.incarnation = before.incarnation;
  }
  // Detach what the new job does not keep; in-flight sheets move over with their slots.
  for (const sheet of old.sheets.values()) {
    if (reuse.has(sheet.sheetNum) && job.sheets.get(sheet.sheetNum) === sheet) continue;
    detachSheet(ctx, old, sheet);
    ctx.cancelSheet(sheet, "retryTimer");
    ctx.cancelSheet(sheet, "escalationTimer");
  }
  ctx.jobsWithReady.delete(old);
  for (const reason of old.pauseReasons) if (reason !== "escalation") job.pauseReasons.add(reason);
  job.costUsd = old.costUsd;
  for (const [n, limit] of old.sheetCostLimits)
    if (job.sheets.has(n)) job.sheetCostLimits.set(n, limit);
  job.a2aInbox.push(...old.a2aInbox);
  job.a2aResults.push(...old.a2aResults);
  job.pacingActive = old.pacingActive;
  job.incarnation = old.incarnation;
  // A finished job reloaded without new work must not signal completion a second time.
  job.completionSignalled =
    old.completionSignalled && [...job.sheets.values()].every((sh) => isTerminal(sh.status));
  ctx.jobs.delete(old.jobId);
  // The job timeout keeps running from the original registration.
  installJob(ctx, job, 0);
  return job;
}
