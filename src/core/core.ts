import { BatonError } from "../common/index.js";
import type {
  DispatchConfig,
  Inbox,
  InstrumentStateView,
  JobDiagnostics,
  LoopPort,
} from "./core-types.js";
import { runDispatchPass, type DispatchCallback } from "./dispatch/dispatch-pass.js";
import type { CoreEffect } from "./effects.js";
import type { Checkpoint } from "./checkpoint/checkpoint-types.js";
import { captureJob, restoreJob } from "./checkpoint/job-checkpoint.js";
import type { RecoveredJob, RecoveryConfig } from "./checkpoint/recover-job.js";
import type { BatonEvent } from "./events/baton-event.js";
import { shutdownRequested } from "./events/conductor-events.js";
import type { InstrumentFallback } from "./events/instrument-events.js";
import type { PauseReason } from "./events/pause-reason.js";
import { handleEvent as handleOne } from "./handlers/handle-event.js";
import { releaseWaiting, checkJobCost } from "./handlers/sheet-flow.js";
import type { InstrumentLimitOptions } from "./instruments/concurrency.js";
import { parseInstrumentKey } from "./instruments/instrument-key.js";
import { retryDelayMs } from "./retry/backoff.js";
import { CoreContext, timerKey, type CoreOptions } from "./state/core-context.js";
import type { A2AResult, A2ATask, JobOptions } from "./state/job-record.js";
import { deregisterJob, registerJob } from "./state/registry.js";
import type { SheetSpec, SheetState } from "./state/sheet-state.js";
import type { SheetStatus } from "./state/sheet-status.js";

/**
 * The conductor core: an event-driven state machine over jobs of sheets (spec §0–§12, issue 3).
 * Pure: time comes from the injected clock, delays are events on its own timer wheel, and
 * every side effect leaves as a `CoreEffect` from `runOnce`. The loop itself lives in the
 * runtime: it calls `tick(now)` when `nextTimerDueAt()` comes, enqueues events, and calls
 * `runOnce(dispatch)` whenever the inbox is not empty.
 */
export class BatonCore {
  readonly #ctx: CoreContext;
  #running = false;

  constructor(options: CoreOptions) {
    this.#ctx = new CoreContext(options);
    const ctx = this.#ctx;
    this.inbox = {
      enqueue: (event) => ctx.enqueue(event),
      get size() {
        return ctx.pendingEvents;
      },
    };
  }

  readonly inbox: Inbox;

  /** True between the start and the end of `runOnce` (the core's own loop step). */
  get isRunning(): boolean {
    return this.#running;
  }

  get jobCount(): number {
    return this.#ctx.jobs.size;
  }

  /** Sheets DISPATCHED across all jobs (O(1): a counter kept by the funnel). */
  get runningSheetCount(): number {
    return this.#ctx.dispatchedTotal;
  }

  get isShuttingDown(): boolean {
    return this.#ctx.shuttingDown;
  }

  /** Registers an instrument (idempotent: an existing one keeps its cap); returns its state. */
  registerInstrument(name: string, options: InstrumentLimitOptions = {}): InstrumentStateView {
    this.#ctx.concurrency.registerInstrument(name, options);
    return this.getInstrumentState(name) as InstrumentStateView;
  }

  /** Caps one model of an instrument (`instrument:model`). */
  setModelConcurrency(instrument: string, model: string, maxConcurrent: number): void {
    this.#ctx.concurrency.setModelConcurrency(instrument, model, maxConcurrent);
  }

  /** An instrument's state, or null when it is not registered. */
  getInstrumentState(name: string): InstrumentStateView | null {
    const ctx = this.#ctx;
    const maxConcurrent = ctx.concurrency.maxConcurrent(name);
    if (maxConcurrent === null) return null;
    const breaker = ctx.breakers.state(name);
    const rateLimited = ctx.rateLimits.isLimited(name, ctx.now());
    return {
      name,
      maxConcurrent,
      inFlight: ctx.concurrency.inFlight(name),
      rateLimited,
      rateLimitExpiresAt: ctx.rateLimits.expiresAt(name),
      circuitBreaker: breaker.phase,
      consecutiveFailures: breaker.consecutiveFailures,
      circuitBreakerRecoveryAt: breaker.recoverAtMs,
      isAvailable: !rateLimited && breaker.phase !== "open",
    };
  }

  /** The dispatch configuration as of now (spec §4.1). */
  buildDispatchConfig(options: { maxConcurrentSheets?: number } = {}): DispatchConfig {
    const ctx = this.#ctx;
    return {
      maxConcurrentSheets: options.maxConcurrentSheets ?? this.#ctx.maxConcurrentSheets,
      instrumentConcurrency: ctx.concurrency.instrumentCaps(),
      modelConcurrency: ctx.concurrency.modelCaps(),
      rateLimitedInstruments: this.getRateLimitedInstruments(),
      openCircuitBreakers: this.getOpenCircuitBreakers(),
    };
  }

  /** Sets a job's cost limit (USD; strictly above pauses the job) and re-checks it now. */
  setJobCostLimit(jobId: string, usd: number): void {
    const job = this.#ctx.jobs.get(jobId);
    checkUsd(jobId, usd);
    if (job === undefined) return;
    job.costLimitUsd = usd;
    checkJobCost(this.#ctx, job);
  }

  /** Sets a sheet's cost limit (USD; enforced on the failure path, F-080). */
  setSheetCostLimit(jobId: string, sheetNum: number, usd: number): void {
    checkUsd(jobId, usd);
    const job = this.#ctx.jobs.get(jobId);
    if (job?.sheets.has(sheetNum)) job.sheetCostLimits.set(sheetNum, usd);
  }

  /** Keys limited now: instrument names, and `instrument:model` for model limits. */
  getRateLimitedInstruments(): Set<string> {
    return new Set(this.#ctx.rateLimits.limitedKeys(this.#ctx.now()));
  }

  /**
   * Clears rate limits by hand (spec §6.1): no name clears all; a name clears that instrument
   * (and its models) or that `instrument:model`; an unknown or empty name clears nothing
   * (F-200, F-201). Cancels the expiry timers, returns WAITING sheets to PENDING, and returns
   * how many limits were cleared.
   */
  clearInstrumentRateLimit(name?: string | null): number {
    const ctx = this.#ctx;
    const cleared = ctx.rateLimits.clear(name);
    for (const key of cleared) {
      ctx.cancelTimer(timerKey.rateLimit(key));
      const { instrument, model } = parseInstrumentKey(key);
      releaseWaiting(ctx, instrument, model);
    }
    return cleared.length;
  }

  /** Instruments whose breaker is OPEN (HALF_OPEN excluded). */
  getOpenCircuitBreakers(): Set<string> {
    return new Set(this.#ctx.breakers.openKeys());
  }

  /** Retry delay in ms for a 0-based backoff index (spec §5.1); negative indexes count as 0. */
  calculateRetryDelay(attempt: number): number {
    const index = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
    return retryDelayMs(index, this.#ctx.backoff);
  }

  /**
   * Registers a job (spec §7.7). Duplicate ids, unknown dependency sheets, cycles and bad
   * numbers throw E_JOB_INVALID and change nothing. Sheets given as FAILED (or otherwise
   * terminal and unsatisfying) cascade to their dependents at once (F-440).
   */
  registerJob(
    jobId: string,
    sheets: readonly SheetSpec[],
    dependencies: ReadonlyMap<number, readonly number[]> = new Map(),
    options: JobOptions = {},
  ): void {
    registerJob(this.#ctx, jobId, sheets, dependencies, options);
    if (options.costLimitUsd !== undefined) this.setJobCostLimit(jobId, options.costLimitUsd);
  }

  /**
   * Everything the codec persists about a job (sheets with real counters and attempt
   * sequences, options, pause reasons, the instrument health its sheets use, its pending timers
   * at wall-clock due times), or null when it is unknown. O(sheets of the job).
   */
  checkpointJob(jobId: string): Checkpoint | null {
    return captureJob(this.#ctx, jobId);
  }

  /**
   * Registers a job from its checkpoint under `config` (spec §9.4): in-flight and timer-bound
   * sheets back to PENDING, terminal ones kept, FAILED re-cascaded, counters, pause reasons and
   * instrument state restored, saved timers re-armed (due ones enqueued). A duplicate id or a
   * bad config throws E_JOB_INVALID and changes nothing. Persist the job before the next
   * dispatch (its new incarnation keeps attempt ids unique across restarts).
   */
  restoreJob(checkpoint: Checkpoint, config: RecoveryConfig): RecoveredJob {
    return restoreJob(this.#ctx, checkpoint, config);
  }

  /** Removes a job and everything it holds; false for an unknown job (idempotent). */
  deregisterJob(jobId: string): boolean {
    return deregisterJob(this.#ctx, jobId);
  }

  /** The live sheet record, or null. */
  getSheetState(jobId: string, sheetNum: number): SheetState | null {
    return this.#ctx.jobs.get(jobId)?.sheets.get(sheetNum) ?? null;
  }

  /** True when the job has at least one pause reason (false for an unknown job). */
  isJobPaused(jobId: string): boolean {
    const job = this.#ctx.jobs.get(jobId);
    return job !== undefined && this.#ctx.isPaused(job);
  }

  /** The job's pause reasons, sorted (the global resource pause included). */
  getJobPauseReasons(jobId: string): PauseReason[] {
    const job = this.#ctx.jobs.get(jobId);
    if (job === undefined) return [];
    const reasons = new Set(job.pauseReasons);
    if (this.#ctx.resourcePaused) reasons.add("resource");
    return [...reasons].sort();
  }

  /** True when every sheet is terminal (vacuously for an empty job; false when unknown). */
  isJobComplete(jobId: string): boolean {
    return this.#ctx.jobs.get(jobId)?.isComplete ?? false;
  }

  /** Ready sheets in ascending order; [] when unknown, paused or pacing (spec §4.2). */
  getReadySheets(jobId: string): number[] {
    const job = this.#ctx.jobs.get(jobId);
    if (job === undefined || this.#ctx.isPaused(job) || job.pacingActive) return [];
    return job.readySheets();
  }

  /** Pending A2A tasks of a job become ACCEPTED and are returned (for the next prompt, spec §10). */
  takeA2ATasks(jobId: string): A2ATask[] {
    const job = this.#ctx.jobs.get(jobId);
    if (job === undefined) return [];
    const taken = job.a2aInbox.filter((t) => t.status === "pending");
    for (const task of taken) task.status = "accepted";
    if (taken.length > 0) this.#ctx.markDirty(job);
    return taken;
  }

  /** Outcomes of the job's delegated tasks routed back so far. */
  getA2AResults(jobId: string): readonly A2AResult[] {
    return this.#ctx.jobs.get(jobId)?.a2aResults ?? [];
  }

  /** Handles one event now (spec §2); never throws. */
  handleEvent(event: BatonEvent): void {
    handleOne(this.#ctx, event);
  }

  /** Diagnostics of a job, or null when unknown (O(sheets of the job): a query, not a hot path). */
  getDiagnostics(jobId: string): JobDiagnostics | null {
    const job = this.#ctx.jobs.get(jobId);
    if (job === undefined) return null;
    const counts: Partial<Record<SheetStatus, number>> = {};
    const instruments = new Set<string>();
    for (const sheet of job.sheets.values()) {
      counts[sheet.status] = (counts[sheet.status] ?? 0) + 1;
      instruments.add(sheet.instrumentName);
    }
    return {
      jobId,
      paused: this.#ctx.isPaused(job),
      pauseReasons: this.getJobPauseReasons(jobId),
      sheets: { total: job.sheets.size, ...counts },
      instrumentsUsed: [...instruments].sort(),
      costUsd: job.costUsd,
    };
  }

  /** Returns and clears the buffered `InstrumentFallback` events. */
  drainFallbackEvents(): InstrumentFallback[] {
    const events = this.#ctx.fallbackEvents;
    this.#ctx.fallbackEvents = [];
    return events;
  }

  /** Moves timers due at `nowMs` (default: the clock's now) into the inbox; returns how many. */
  tick(nowMs: number = this.#ctx.now()): number {
    const due = this.#ctx.timers.popDue(nowMs);
    for (const event of due) this.#ctx.enqueue(event);
    return due.length;
  }

  /** When the shell should next call `tick` (wall-clock ms), or undefined when no timer is pending. */
  nextTimerDueAt(): number | undefined {
    return this.#ctx.timers.nextDueAt();
  }

  /**
   * One loop step (spec §13.4 "batch the loop"): handle every queued event (never throwing),
   * run one dispatch pass handing each attempt to `dispatch` (SheetDispatched applied at
   * once), and return the effects: logs, observer records, cancellations, completions and one
   * `persist` per dirty job.
   */
  runOnce(
    dispatch: DispatchCallback,
    options: { maxConcurrentSheets?: number } = {},
  ): CoreEffect[] {
    const ctx = this.#ctx;
    this.#running = true;
    try {
      for (let e = ctx.take(); e !== undefined; e = ctx.take()) handleOne(ctx, e);
      runDispatchPass(ctx, options.maxConcurrentSheets ?? ctx.maxConcurrentSheets, dispatch);
      if (ctx.dirtyJobs.length > 0) ctx.flushDirty();
      const effects = ctx.effects;
      ctx.effects = [];
      return effects;
    } finally {
      this.#running = false;
    }
  }

  /**
   * The core's own loop, kept tiny: fire due timers, run one batch, hand its effects to the
   * port, wait for work; until a `ShutdownRequested` has been handled. The runtime may drive
   * `tick`/`runOnce` itself instead.
   */
  async run(port: LoopPort): Promise<void> {
    while (!this.#ctx.shuttingDown) {
      this.tick();
      await port.apply(this.runOnce(port.dispatch));
      if (this.#ctx.shuttingDown) break;
      if (this.#ctx.pendingEvents === 0) await port.waitForWork(this.nextTimerDueAt());
    }
  }

  /**
   * Stops dispatching. Graceful: sheets stay as they are and results still count. Immediate:
   * every unfinished sheet is cancelled (running musicians get `cancelAttempt`). Returns the
   * effects of the shutdown, persists included.
   */
  shutdown(options: { graceful?: boolean } = {}): CoreEffect[] {
    this.#ctx.enqueue(shutdownRequested({ graceful: options.graceful ?? true }, this.#ctx.now()));
    return this.runOnce(() => undefined);
  }
}

function checkUsd(jobId: string, usd: number): void {
  if (typeof usd !== "number" || !Number.isFinite(usd) || usd < 0)
    throw new BatonError(
      "E_JOB_INVALID",
      `job '${jobId}': a cost limit must be a finite USD amount ≥ 0, got ${usd}`,
      {
        hint: "give the limit in dollars, e.g. 5 or 0.5",
      },
    );
}
