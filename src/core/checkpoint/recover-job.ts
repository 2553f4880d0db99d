import type { BatonEvent } from "../events/baton-event.js";
import { circuitBreakerRecovery, rateLimitExpired } from "../events/instrument-events.js";
import type { PauseReason } from "../events/pause-reason.js";
import { instrumentKey, parseInstrumentKey } from "../instruments/instrument-key.js";
import { JobGraph } from "../state/job-graph.js";
import type { SheetSpec } from "../state/sheet-state.js";
import { isSatisfying, isTerminal, type SheetStatus } from "../state/sheet-status.js";
import { canonicalPauseReasons } from "./checkpoint-codec.js";
import {
  SHEET_DEFAULTS,
  type Checkpoint,
  type InstrumentsCheckpoint,
  type JobOptionsCheckpoint,
  type SheetCheckpoint,
  type TimerCheckpoint,
} from "./checkpoint-types.js";

/**
 * One sheet as the (possibly new) job config describes it: the core's SheetSpec without the
 * initial status (recovery decides that); an undefined model keeps the saved one.
 */
export type RecoverySheetConfig = Omit<SheetSpec, "status" | "errorCode">;

/** Job options a config may override; absent (or undefined) keeps the saved value. */
export type RecoveryOptions = {
  readonly [K in keyof JobOptionsCheckpoint]?: JobOptionsCheckpoint[K] | undefined;
};

/** The job config a checkpoint is recovered into (spec §7.5, §9.4). */
export interface RecoveryConfig {
  readonly sheets: readonly RecoverySheetConfig[];
  /** `sheet → sheets it waits for`; absent = no dependencies. */
  readonly dependencies?: ReadonlyMap<number, readonly number[]>;
  /** Options that override the saved ones. */
  readonly options?: RecoveryOptions;
}

/** What `recoverJob` hands the core: records to register, timers to re-arm, and a report. */
export interface RecoveredJob {
  readonly jobId: string;
  readonly createdAtMs: number;
  readonly options: JobOptionsCheckpoint;
  readonly pauseReasons: readonly PauseReason[];
  /** A pacing timer survived: the job waits for it before dispatching the next sheet. */
  readonly pacingActive: boolean;
  /** One record per config sheet, ascending. */
  readonly sheets: readonly SheetCheckpoint[];
  /** Rate limits and breakers, as saved (wall-clock times mean the same after a restart). */
  readonly instruments: InstrumentsCheckpoint;
  /** Timers still in the future, in due order: schedule them on the wheel. */
  readonly timers: readonly TimerCheckpoint[];
  /** Events of timers already due, in due order: put them in the inbox now. */
  readonly dueNow: readonly BatonEvent[];
  /** Sheets moved back to PENDING (in flight or bound to a lost timer). */
  readonly reset: readonly number[];
  /** Sheets SKIPPED (E999) by the re-cascade from terminal, unsatisfying sheets (F-440). */
  readonly cascaded: readonly number[];
  /** Config sheets the checkpoint did not have: they start fresh. */
  readonly added: readonly number[];
  /** Checkpoint sheets the config no longer has: dropped. */
  readonly dropped: readonly number[];
  /** Saved timers that no longer mean anything (their sheet was reset or dropped, other job). */
  readonly droppedTimers: readonly TimerCheckpoint[];
}

/** Error code of a sheet SKIPPED because a dependency can never be satisfied (spec §7.1). */
export const CASCADE_ERROR_CODE = "E999";

/** Statuses that lose their meaning with the process: the musician or a timer is gone. */
const RESET_STATUSES: ReadonlySet<SheetStatus> = new Set([
  "dispatched",
  "in_progress",
  "waiting",
  "retry_scheduled",
  "fermata",
]);

/** Terminal statuses whose fallback position and instrument are kept as the record of the run. */
const KEPT_AS_RUN: ReadonlySet<SheetStatus> = new Set(["completed", "skipped", "cancelled"]);

/** The saved timer that keeps a sheet in its status across a restart (others reset it). */
const HOLDING_TIMER: Partial<Record<SheetStatus, BatonEvent["type"]>> = {
  // A FERMATA sheet keeps waiting for its decision until the escalation times out.
  fermata: "EscalationTimeout",
  // A RETRY_SCHEDULED sheet keeps its backoff: a crash loop must not turn into a retry storm.
  retry_scheduled: "RetryDue",
};

/**
 * Restores a job from its checkpoint into `config` at wall-clock `nowMs` (spec §9.4 with the
 * fixes of §13.2). Pure: the caller registers the sheets, restores instruments, schedules
 * `timers` and enqueues `dueNow`. Throws E_JOB_INVALID when the config's graph is invalid.
 */
export function recoverJob(
  checkpoint: Checkpoint,
  config: RecoveryConfig,
  nowMs: number,
): RecoveredJob {
  if (!Number.isFinite(nowMs))
    throw new TypeError(`recoverJob needs a wall-clock time, got ${nowMs}`);
  const jobId = checkpoint.jobId;
  const graph = JobGraph.build(
    jobId,
    config.sheets.map((s) => s.sheetNum),
    config.dependencies ?? new Map(),
  );
  const saved = new Map(checkpoint.sheets.map((s) => [s.sheetNum, s]));
  const configured = new Set(config.sheets.map((s) => s.sheetNum));
  const holding = new Set(
    checkpoint.timers
      .map((t) => t.event)
      .filter((e) => "sheetNum" in e && e.jobId === jobId)
      .map((e) => `${e.type}:${(e as { sheetNum: number }).sheetNum}`),
  );
  const holds = (old: SheetCheckpoint): boolean => {
    const type = HOLDING_TIMER[old.status];
    return type !== undefined && holding.has(`${type}:${old.sheetNum}`);
  };

  const reset: number[] = [];
  const added: number[] = [];
  const sheets = new Map<number, SheetCheckpoint>();
  for (const cfg of [...config.sheets].sort((a, b) => a.sheetNum - b.sheetNum)) {
    const old = saved.get(cfg.sheetNum);
    if (old === undefined) {
      added.push(cfg.sheetNum);
      sheets.set(cfg.sheetNum, freshSheet(cfg));
      continue;
    }
    const resets = RESET_STATUSES.has(old.status) && !holds(old);
    if (resets) reset.push(cfg.sheetNum);
    sheets.set(cfg.sheetNum, restoredSheet(old, cfg, resets ? "pending" : old.status));
  }
  const dropped = checkpoint.sheets.map((s) => s.sheetNum).filter((n) => !configured.has(n));
  const cascaded = cascade(graph, sheets);

  const anyFermata = [...sheets.values()].some((s) => s.status === "fermata");
  const pauseReasons = canonicalPauseReasons(
    checkpoint.pauseReasons.filter((p) => p !== "escalation" || anyFermata),
  );

  const { kept, droppedTimers } = keepTimers(checkpoint, sheets);
  const all = [...kept, ...missingInstrumentTimers(checkpoint.instruments, kept)].sort(
    (a, b) => a.dueAtMs - b.dueAtMs,
  );
  return {
    jobId,
    createdAtMs: checkpoint.createdAtMs,
    options: mergeOptions(checkpoint.options, config.options),
    pauseReasons,
    pacingActive: kept.some((t) => t.event.type === "PacingComplete"),
    sheets: [...sheets.values()],
    instruments: checkpoint.instruments,
    timers: all.filter((t) => t.dueAtMs > nowMs),
    dueNow: all.filter((t) => t.dueAtMs <= nowMs).map((t) => t.event),
    reset,
    cascaded,
    added,
    dropped,
    droppedTimers,
  };
}

function freshSheet(cfg: RecoverySheetConfig): SheetCheckpoint {
  return {
    ...SHEET_DEFAULTS,
    sheetNum: cfg.sheetNum,
    instrumentName: cfg.instrument,
    model: cfg.model ?? null,
    maxRetries: cfg.maxRetries ?? SHEET_DEFAULTS.maxRetries,
    maxCompletion: cfg.maxCompletion ?? SHEET_DEFAULTS.maxCompletion,
    fallbackChain: [...(cfg.fallbackChain ?? [])],
    fallbackAttempts: {},
    instrumentFallbackHistory: [],
    sheetTimeoutSeconds: cfg.timeoutSeconds ?? SHEET_DEFAULTS.sheetTimeoutSeconds,
  };
}

/**
 * The saved record under the new config. Budgets and timeout come from the config. A sheet
 * that ran to an end (completed, skipped, cancelled) keeps the instrument it ended on. Any other
 * keeps its place on the fallback chain and its real counters when the chain is unchanged (so a
 * restart neither refunds nor repeats budget); a changed primary or chain restarts it on the
 * new primary with fresh normal and completion budgets, as a fallback advance would (healing is
 * never refunded).
 */
function restoredSheet(
  old: SheetCheckpoint,
  cfg: RecoverySheetConfig,
  status: SheetStatus,
): SheetCheckpoint {
  const limits = {
    status,
    maxRetries: cfg.maxRetries ?? old.maxRetries,
    maxCompletion: cfg.maxCompletion ?? old.maxCompletion,
    sheetTimeoutSeconds: cfg.timeoutSeconds ?? old.sheetTimeoutSeconds,
  };
  if (KEPT_AS_RUN.has(old.status)) return { ...old, ...limits };
  const chain = cfg.fallbackChain ?? [];
  const sameChain =
    chain.length === old.fallbackChain.length && chain.every((c, i) => c === old.fallbackChain[i]);
  const samePrimary = old.currentInstrumentIndex > 0 || old.instrumentName === cfg.instrument;
  if (sameChain && samePrimary) {
    const model =
      old.currentInstrumentIndex === 0 && cfg.model !== undefined ? cfg.model : old.model;
    return { ...old, ...limits, model };
  }
  return {
    ...old,
    ...limits,
    instrumentName: cfg.instrument,
    model: cfg.model ?? null,
    fallbackChain: [...chain],
    currentInstrumentIndex: 0,
    normalAttempts: 0,
    completionAttempts: 0,
  };
}

/**
 * Marks SKIPPED (E999) every non-terminal sheet with a terminal, unsatisfying dependency,
 * transitively (spec §7.1, F-440): one pass in dependency order, O(sheets + edges).
 */
function cascade(graph: JobGraph, sheets: Map<number, SheetCheckpoint>): number[] {
  const cascaded: number[] = [];
  const waiting = new Map<number, number>();
  const ready: number[] = [];
  for (const n of sheets.keys()) {
    waiting.set(n, graph.dependenciesOf(n).length);
    if (graph.dependenciesOf(n).length === 0) ready.push(n);
  }
  for (let i = 0; i < ready.length; i++) {
    const n = ready[i] as number;
    const sheet = sheets.get(n) as SheetCheckpoint;
    if (!isTerminal(sheet.status)) {
      const blocker = graph.dependenciesOf(n).find((d) => {
        const dep = sheets.get(d) as SheetCheckpoint;
        return isTerminal(dep.status) && !isSatisfying(dep.status, dep.errorCode);
      });
      if (blocker !== undefined) {
        cascaded.push(n);
        sheets.set(n, {
          ...sheet,
          status: "skipped",
          errorMessage: `Blocked by failed dependency: sheet ${blocker}`,
          errorCode: CASCADE_ERROR_CODE,
        });
      }
    }
    for (const dependent of graph.dependentsOf(n)) {
      const left = (waiting.get(dependent) ?? 0) - 1;
      waiting.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  return cascaded.sort((a, b) => a - b);
}

/** Saved timers that still mean something after recovery, and the others. */
function keepTimers(
  checkpoint: Checkpoint,
  sheets: ReadonlyMap<number, SheetCheckpoint>,
): { kept: TimerCheckpoint[]; droppedTimers: TimerCheckpoint[] } {
  const kept: TimerCheckpoint[] = [];
  const droppedTimers: TimerCheckpoint[] = [];
  for (const timer of checkpoint.timers) {
    const e = timer.event as { type: string; jobId?: unknown; sheetNum?: unknown };
    let keep = e.jobId === undefined || e.jobId === checkpoint.jobId;
    if (keep && typeof e.sheetNum === "number") {
      // A sheet's timer survives only with the status it belongs to (a reset sheet is PENDING).
      const sheet = sheets.get(e.sheetNum);
      keep = sheet !== undefined && HOLDING_TIMER[sheet.status] === e.type;
    }
    (keep ? kept : droppedTimers).push(timer);
  }
  return { kept, droppedTimers };
}

/** Expiry and recovery timers for saved rate limits and open breakers that have none. */
function missingInstrumentTimers(
  instruments: InstrumentsCheckpoint,
  timers: readonly TimerCheckpoint[],
): TimerCheckpoint[] {
  const expiries = new Set<string>();
  const recoveries = new Set<string>();
  for (const { event: e } of timers) {
    if (e.type === "RateLimitExpired") expiries.add(instrumentKey(e.instrument, e.model));
    if (e.type === "CircuitBreakerRecovery") recoveries.add(e.instrument);
  }
  const added: TimerCheckpoint[] = [];
  for (const { key, expiresAtMs } of instruments.rateLimits) {
    if (expiries.has(key)) continue;
    const { instrument, model } = parseInstrumentKey(key);
    added.push({
      dueAtMs: expiresAtMs,
      event: rateLimitExpired({ instrument, model }, expiresAtMs),
    });
  }
  for (const b of instruments.breakers) {
    if (b.phase !== "open" || b.recoverAtMs === null || recoveries.has(b.key)) continue;
    added.push({
      dueAtMs: b.recoverAtMs,
      event: circuitBreakerRecovery({ instrument: b.key }, b.recoverAtMs),
    });
  }
  return added;
}

function mergeOptions(
  saved: JobOptionsCheckpoint,
  override: RecoveryOptions | undefined,
): JobOptionsCheckpoint {
  const pick = <K extends keyof JobOptionsCheckpoint>(k: K): JobOptionsCheckpoint[K] => {
    const value = override?.[k];
    return value === undefined ? saved[k] : value;
  };
  return {
    escalationEnabled: pick("escalationEnabled"),
    selfHealingEnabled: pick("selfHealingEnabled"),
    pacingSeconds: pick("pacingSeconds"),
    jobTimeoutSeconds: pick("jobTimeoutSeconds"),
    costLimitUsd: pick("costLimitUsd"),
    cronEntry: pick("cronEntry"),
  };
}
