import type { Clock, Random } from "../../common/index.js";
import type { CoreEffect, LogLevel } from "../effects.js";
import type { BatonEvent } from "../events/baton-event.js";
import type { InstrumentFallback } from "../events/instrument-events.js";
import type { JsonObject } from "../events/json-value.js";
import { CircuitBreakers, type CircuitBreakerOptions } from "../instruments/circuit-breaker.js";
import { ConcurrencyLimits } from "../instruments/concurrency.js";
import { RateLimits } from "../instruments/rate-limit.js";
import type { BackoffOptions } from "../retry/backoff.js";
import { TimerWheel } from "../timers/timer-wheel.js";
import type { A2ATask, JobRecord } from "./job-record.js";
import { LinkedQueue } from "../../common/index.js";
import { EventObserved } from "./observe-effect.js";
import type { SheetState } from "./sheet-state.js";

/** Wait before a FERMATA sheet fails when nobody decides: 1 h (ours; the reference never times out, spec §5.5). */
export const DEFAULT_ESCALATION_TIMEOUT_MS = 3_600_000;
/** Job wall-clock limit: 86 400 s (conductor `job_timeout_seconds` default, spec §6.5). */
export const DEFAULT_JOB_TIMEOUT_MS = 86_400_000;
/** Grace after the sheet timeout before the first stale check: 60 s (spec §6.6). */
export const STALE_GRACE_MS = 60_000;
/** Re-check interval while a musician lives past its timeout: 60 s (spec §6.6). */
export const STALE_RECHECK_MS = 60_000;
/** Global ceiling of sheets in flight when none is given (spec §4.1, core default). */
export const DEFAULT_MAX_CONCURRENT_SHEETS = 10;
/** Consecutive dropped cron ticks after which the drop is logged as an error (spec §2.3.8). */
export const CRON_DROP_ERROR_AFTER = 5;

/** Options of `BatonCore` (collaborators injected; numbers in ms). */
export interface CoreOptions {
  readonly clock: Clock;
  readonly random: Random;
  readonly retry?: Omit<BackoffOptions, "random">;
  readonly breakers?: CircuitBreakerOptions;
  /** Pass rate below which a partial result counts as a validation failure (default 0). */
  readonly completionThresholdPercent?: number;
  /** Wait before a FERMATA sheet fails with no decision (default 1 h). */
  readonly escalationTimeoutMs?: number;
  /** Job wall-clock limit (default 24 h; 0 = none). */
  readonly jobTimeoutMs?: number;
  /** Global ceiling of sheets in flight for `runOnce` (default 10). */
  readonly maxConcurrentSheets?: number;
}

/** A cron entry's run state: at most one run at a time, ticks during a run are dropped. */
export interface CronEntryState {
  jobId: string | null;
  running: boolean;
  droppedTicks: number;
}

/**
 * Everything the handlers read and write, held in one place so the handlers stay plain
 * functions (`handlers/*.ts`) and the indexes can be updated by one funnel (`transition.ts`).
 */
export class CoreContext {
  readonly clock: Clock;
  readonly random: Random;
  readonly backoff: BackoffOptions;
  readonly completionThresholdPercent: number;
  /** `classifyAttempt`'s options, built once. */
  readonly classifyOptions: { readonly completionThresholdPercent: number };
  readonly escalationTimeoutMs: number;
  readonly jobTimeoutMs: number;
  readonly maxConcurrentSheets: number;
  readonly jobs = new Map<string, JobRecord>();
  readonly concurrency = new ConcurrencyLimits();
  readonly rateLimits = new RateLimits();
  readonly breakers: CircuitBreakers;
  readonly timers = new TimerWheel<BatonEvent>();
  readonly inbox: BatonEvent[] = [];
  inboxHead = 0;
  effects: CoreEffect[] = [];
  /** Jobs to persist after this batch, each once (a job's `dirty` flag dedupes it). */
  readonly dirtyJobs: string[] = [];
  fallbackEvents: InstrumentFallback[] = [];
  /** WAITING sheets per instrument, for O(k) rate-limit expiry. */
  readonly waitingByInstrument = new Map<string, Set<SheetState>>();
  /** Jobs with at least one ready sheet, in round-robin order (a job moves to the back when served). */
  readonly jobsWithReady = new LinkedQueue<JobRecord>();
  readonly cron = new Map<string, CronEntryState>();
  readonly a2aTasks = new Map<string, A2ATask>();
  a2aSeq = 0;
  dispatchedTotal = 0;
  shuttingDown = false;
  /** A critical resource anomaly pauses every job at once (O(1), lifted by an all-clear). */
  resourcePaused = false;

  constructor(options: CoreOptions) {
    this.clock = options.clock;
    this.random = options.random;
    const jitter = options.retry?.jitter ?? "none";
    this.backoff = { ...options.retry, jitter, random: () => this.random.next() };
    this.breakers = new CircuitBreakers(options.breakers);
    this.completionThresholdPercent = options.completionThresholdPercent ?? 0;
    this.classifyOptions = { completionThresholdPercent: this.completionThresholdPercent };
    this.escalationTimeoutMs = options.escalationTimeoutMs ?? DEFAULT_ESCALATION_TIMEOUT_MS;
    this.jobTimeoutMs = options.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
    this.maxConcurrentSheets = options.maxConcurrentSheets ?? DEFAULT_MAX_CONCURRENT_SHEETS;
    for (const [name, ms] of [
      ["escalationTimeoutMs", this.escalationTimeoutMs],
      ["jobTimeoutMs", this.jobTimeoutMs],
    ] as const)
      if (!Number.isFinite(ms) || ms < 0)
        throw new TypeError(`${name} must be a finite ms ≥ 0, got ${ms}`);
    if (!Number.isInteger(this.maxConcurrentSheets) || this.maxConcurrentSheets < 0)
      throw new TypeError(
        `maxConcurrentSheets must be an integer ≥ 0, got ${this.maxConcurrentSheets}`,
      );
  }

  /** Wall-clock now, epoch ms. */
  now(): number {
    return this.clock.nowMs();
  }

  enqueue(event: BatonEvent): void {
    this.inbox.push(event);
  }

  /** Takes the next inbox event (O(1) amortised), or undefined. */
  take(): BatonEvent | undefined {
    if (this.inboxHead >= this.inbox.length) return undefined;
    const event = this.inbox[this.inboxHead++];
    if (this.inboxHead > 1024 && this.inboxHead * 2 > this.inbox.length) {
      this.inbox.splice(0, this.inboxHead);
      this.inboxHead = 0;
    }
    return event;
  }

  get pendingEvents(): number {
    return this.inbox.length - this.inboxHead;
  }

  /** Queues `job` for a persist at the end of this batch (once: its `dirty` flag dedupes). */
  markDirty(job: JobRecord): void {
    if (job.dirty) return;
    job.dirty = true;
    this.dirtyJobs.push(job.jobId);
  }

  /** Queues the removal of a deregistered job's checkpoint (rare; a few per batch at most). */
  markRemoved(jobId: string): void {
    if (!this.dirtyJobs.includes(jobId)) this.dirtyJobs.push(jobId);
  }

  /** The batch's persist effects, once per dirty job; clears the marks. */
  flushDirty(): void {
    const ids = this.dirtyJobs;
    for (let i = 0; i < ids.length; i++) {
      const jobId = ids[i] as string;
      const job = this.jobs.get(jobId);
      if (job !== undefined) job.dirty = false;
      this.effects.push({ kind: "persist", jobId, removed: job === undefined });
    }
    ids.length = 0;
  }

  log(level: LogLevel, message: string, data: JsonObject = {}): void {
    this.effects.push({ kind: "log", level, message, data });
  }

  observe(event: BatonEvent): void {
    // Observers get one timeline: SheetDispatched carries a monotonic stamp (spec §2), so its
    // record is stamped with wall-clock now.
    this.effects.push(
      new EventObserved(event, event.type === "SheetDispatched" ? this.now() : undefined),
    );
  }

  /** Schedules `event` `delayMs` from now under `key` (replacing that key's live timer). */
  schedule(key: string, delayMs: number, event: BatonEvent): number {
    const due = this.now() + Math.max(0, delayMs);
    this.timers.schedule(due, event, key);
    return due;
  }

  cancelTimer(key: string): void {
    this.timers.cancelKey(key);
  }

  /** Schedules one of a sheet's own timers `delayMs` from now, replacing the live one in that slot. */
  scheduleSheet(
    sheet: SheetState,
    slot: SheetTimerSlot,
    delayMs: number,
    event: BatonEvent,
  ): number {
    const due = this.now() + Math.max(0, delayMs);
    this.scheduleSheetAt(sheet, slot, due, event);
    return due;
  }

  /** `scheduleSheet` at a wall-clock due time (restores). */
  scheduleSheetAt(
    sheet: SheetState,
    slot: SheetTimerSlot,
    dueAtMs: number,
    event: BatonEvent,
  ): void {
    this.cancelSheet(sheet, slot);
    sheet[slot] = this.timers.schedule(dueAtMs, event);
  }

  /** Cancels the sheet's timer in `slot`, if any. */
  cancelSheet(sheet: SheetState, slot: SheetTimerSlot): void {
    const handle = sheet[slot];
    if (handle === null) return;
    sheet[slot] = null;
    this.timers.cancel(handle);
  }

  /** Cancels every timer of the sheet. */
  cancelSheetTimers(sheet: SheetState): void {
    this.cancelSheet(sheet, "retryTimer");
    this.cancelSheet(sheet, "staleTimer");
    this.cancelSheet(sheet, "escalationTimer");
  }

  /** True when nothing may be dispatched for the job. */
  isPaused(job: JobRecord): boolean {
    return this.resourcePaused || job.pauseReasons.size > 0;
  }

  /** The job an event names, or undefined (logged) when it is unknown. */
  lookupJob(jobId: string, eventType: string): JobRecord | undefined {
    const job = this.jobs.get(jobId);
    if (job === undefined)
      this.log("debug", "baton.event.unknown_target", { event: eventType, jobId });
    return job;
  }

  /** The job and sheet an event names, or undefined (logged) when either is unknown. */
  lookup(
    jobId: string,
    sheetNum: number,
    eventType: string,
  ): { job: JobRecord; sheet: SheetState } | undefined {
    const job = this.jobs.get(jobId);
    const sheet = job?.sheets.get(sheetNum);
    if (job === undefined || sheet === undefined) {
      this.log("debug", "baton.event.unknown_target", { event: eventType, jobId, sheetNum });
      return undefined;
    }
    return { job, sheet };
  }
}

/** The fields of `SheetState` that hold its timers. */
export type SheetTimerSlot = "retryTimer" | "staleTimer" | "escalationTimer";

/** Timer keys, one live timer per key (spec §13.4); sheet timers are keyed only in checkpoints. */
export const timerKey = {
  retry: (jobId: string, sheetNum: number) => `retry:${jobId}:${sheetNum}`,
  stale: (jobId: string, sheetNum: number) => `stale:${jobId}:${sheetNum}`,
  escalation: (jobId: string, sheetNum: number) => `escalation:${jobId}:${sheetNum}`,
  pacing: (jobId: string) => `pacing:${jobId}`,
  timeout: (jobId: string) => `timeout:${jobId}`,
  rateLimit: (key: string) => `ratelimit:${key}`,
  breaker: (instrument: string) => `breaker:${instrument}`,
};
