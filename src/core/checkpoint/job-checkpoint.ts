import type { BatonEvent } from "../events/baton-event.js";
import type { PauseReason } from "../events/pause-reason.js";
import { instrumentKey, parseInstrumentKey } from "../instruments/instrument-key.js";
import { timerKey, type CoreContext, type SheetTimerSlot } from "../state/core-context.js";
import type { JobOptions } from "../state/job-record.js";
import { assertNewJob, buildJob, installJob } from "../state/registry.js";
import type { SheetState } from "../state/sheet-state.js";
import { canonicalPauseReasons } from "./checkpoint-codec.js";
import {
  CHECKPOINT_VERSION,
  type Checkpoint,
  type InstrumentsCheckpoint,
  type TimerCheckpoint,
} from "./checkpoint-types.js";
import { captureA2A, restoreA2A } from "./a2a-checkpoint.js";
import { captureInstruments, restoreInstruments } from "./instrument-checkpoint.js";
import { recoverJob, type RecoveredJob, type RecoveryConfig } from "./recover-job.js";
import { sheetFromCheckpoint, sheetToCheckpoint } from "./sheet-mapping.js";

// A live job ↔ its checkpoint, on the core's context (spec §9, issue 3 item 6).

/** Everything the codec persists about `jobId`, or null when it is not registered. */
export function captureJob(ctx: CoreContext, jobId: string): Checkpoint | null {
  const job = ctx.jobs.get(jobId);
  if (job === undefined) return null;
  const instruments = new Set<string>();
  for (const sheet of job.sheets.values())
    for (const name of instrumentsOf(sheet)) instruments.add(name);
  const all = captureInstruments(ctx.rateLimits, ctx.breakers);
  const used = (key: string): boolean => instruments.has(parseInstrumentKey(key).instrument);
  const saved: InstrumentsCheckpoint = {
    rateLimits: all.rateLimits.filter((r) => used(r.key)),
    breakers: all.breakers.filter((b) => used(b.key)),
  };
  const keys = [timerKey.pacing(jobId), timerKey.timeout(jobId)];
  for (const r of saved.rateLimits) keys.push(timerKey.rateLimit(r.key));
  for (const b of saved.breakers) keys.push(timerKey.breaker(b.key));
  const timers: TimerCheckpoint[] = [];
  for (const key of keys) {
    const entry = ctx.timers.pendingByKey(key);
    if (entry !== undefined) timers.push({ dueAtMs: entry.dueAtMs, key, event: entry.payload });
  }
  for (const sheet of job.sheets.values())
    for (const slot of SHEET_TIMER_SLOTS) {
      const handle = sheet[slot];
      const entry = handle === null ? undefined : ctx.timers.pending(handle);
      if (entry !== undefined)
        timers.push({
          dueAtMs: entry.dueAtMs,
          key: SHEET_TIMER_KEYS[slot](jobId, sheet.sheetNum),
          event: entry.payload,
        });
    }
  timers.sort((a, b) => a.dueAtMs - b.dueAtMs || compare(a.key ?? "", b.key ?? ""));
  const reasons: PauseReason[] = [...job.pauseReasons];
  if (ctx.resourcePaused) reasons.push("resource");
  const incarnation = job.incarnation;
  const a2a = captureA2A(job);
  return {
    version: CHECKPOINT_VERSION,
    jobId,
    createdAtMs: job.createdAtMs,
    options: {
      escalationEnabled: job.escalationEnabled,
      selfHealingEnabled: job.selfHealingEnabled,
      pacingSeconds: job.pacingSeconds,
      jobTimeoutSeconds: null, // the pending JobTimeout timer carries the deadline itself
      costLimitUsd: job.costLimitUsd,
      cronEntry: job.cronEntry,
    },
    pauseReasons: canonicalPauseReasons(reasons),
    sheets: [...job.sheets.values()].sort((a, b) => a.sheetNum - b.sheetNum).map(sheetToCheckpoint),
    instruments: saved,
    timers,
    ...(incarnation === 0 ? {} : { incarnation }),
    ...(a2a === undefined ? {} : { a2a }),
  };
}

/**
 * Registers a job from its checkpoint under `config` (spec §9.4 via `recoverJob`): recovered
 * sheet records instead of fresh ones, pause reasons, the instrument health its sheets use,
 * future timers re-armed at their wall-clock due times and due ones enqueued now. A duplicate
 * id or a bad config throws E_JOB_INVALID and changes nothing. Returns the recovery report.
 */
export function restoreJob(
  ctx: CoreContext,
  checkpoint: Checkpoint,
  config: RecoveryConfig,
): RecoveredJob {
  const jobId = checkpoint.jobId;
  assertNewJob(ctx, jobId);
  const recovered = recoverJob(checkpoint, config, ctx.now());
  const incarnation = (checkpoint.incarnation ?? 0) + 1;
  const primaries = new Map(config.sheets.map((s) => [s.sheetNum, s.instrument]));
  const reuse = new Map<number, SheetState>();
  for (const saved of recovered.sheets)
    reuse.set(
      saved.sheetNum,
      sheetFromCheckpoint(jobId, saved, primaries.get(saved.sheetNum) ?? "", incarnation),
    );
  const o = recovered.options;
  const options: JobOptions = {
    escalationEnabled: o.escalationEnabled,
    selfHealingEnabled: o.selfHealingEnabled,
    pacingSeconds: o.pacingSeconds,
    ...(o.costLimitUsd === null ? {} : { costLimitUsd: o.costLimitUsd }),
    ...(o.cronEntry === null ? {} : { cronEntry: o.cronEntry }),
  };
  const job = buildJob(
    ctx,
    jobId,
    config.sheets,
    config.dependencies ?? new Map(),
    options,
    reuse,
    recovered.createdAtMs,
  );
  // Nothing below throws: the job is valid and its id is free.
  job.incarnation = incarnation;
  for (const sheet of job.sheets.values()) {
    if (sheet.status === "fermata") job.fermata += 1;
    job.costUsd += sheet.totalCostUsd;
  }
  for (const reason of recovered.pauseReasons)
    if (reason === "resource") ctx.resourcePaused = true;
    else job.pauseReasons.add(reason);
  job.pacingActive = recovered.pacingActive;
  restoreInstruments(recovered.instruments, ctx.rateLimits, ctx.breakers);
  // The job timeout keeps running from the original registration: it is one of the saved timers.
  installJob(ctx, job, 0);
  if (checkpoint.a2a !== undefined) restoreA2A(ctx, job, checkpoint.a2a);
  for (const t of recovered.timers) {
    const slot = sheetTimerSlot(t.event);
    const sheet =
      slot === null ? undefined : job.sheets.get((t.event as { sheetNum: number }).sheetNum);
    if (slot !== null && sheet !== undefined) {
      ctx.scheduleSheetAt(sheet, slot, t.dueAtMs, t.event);
      if (slot === "retryTimer") sheet.nextRetryAt = t.dueAtMs;
    } else ctx.timers.schedule(atMergedTime(ctx, t), t.event, t.key ?? keyOf(t.event));
  }
  for (const event of recovered.dueNow) ctx.enqueue(event);
  return recovered;
}

/** Every instrument a sheet has used or may use: current, fallbacks, and the ones it left. */
function instrumentsOf(sheet: SheetState): string[] {
  const names = [sheet.instrumentName, ...sheet.fallbackChain];
  for (const h of sheet.instrumentFallbackHistory) if (h.from !== null) names.push(h.from);
  return names;
}

const SHEET_TIMER_SLOTS: readonly SheetTimerSlot[] = [
  "retryTimer",
  "staleTimer",
  "escalationTimer",
];
const SHEET_TIMER_KEYS: Readonly<Record<SheetTimerSlot, (jobId: string, n: number) => string>> = {
  retryTimer: timerKey.retry,
  staleTimer: timerKey.stale,
  escalationTimer: timerKey.escalation,
};

/** The sheet field a saved sheet timer goes back into, or null for job and instrument timers. */
function sheetTimerSlot(e: BatonEvent): SheetTimerSlot | null {
  if (e.type === "RetryDue") return "retryTimer";
  if (e.type === "StaleCheck") return "staleTimer";
  if (e.type === "EscalationTimeout") return "escalationTimer";
  return null;
}

/**
 * When a saved instrument timer fires: at the time of the instrument's merged state (another
 * job's restore may have kept a later expiry or recovery), else as saved.
 */
function atMergedTime(ctx: CoreContext, t: TimerCheckpoint): number {
  const e = t.event;
  if (e.type === "RateLimitExpired")
    return ctx.rateLimits.expiresAt(instrumentKey(e.instrument, e.model)) ?? t.dueAtMs;
  if (e.type === "CircuitBreakerRecovery")
    return ctx.breakers.state(e.instrument).recoverAtMs ?? t.dueAtMs;
  return t.dueAtMs;
}

/** The wheel key a timer event is scheduled under (for saved timers written without one). */
function keyOf(e: BatonEvent): string | undefined {
  switch (e.type) {
    case "RetryDue":
      return timerKey.retry(e.jobId, e.sheetNum);
    case "StaleCheck":
      return timerKey.stale(e.jobId, e.sheetNum);
    case "EscalationTimeout":
      return timerKey.escalation(e.jobId, e.sheetNum);
    case "PacingComplete":
      return timerKey.pacing(e.jobId);
    case "JobTimeout":
      return timerKey.timeout(e.jobId);
    case "RateLimitExpired":
      return timerKey.rateLimit(instrumentKey(e.instrument, e.model));
    case "CircuitBreakerRecovery":
      return timerKey.breaker(e.instrument);
    default:
      return undefined;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
