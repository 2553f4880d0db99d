import { BatonError, type Clock, type Random } from "../../common/index.js";
import {
  BatonCore,
  cancelJob,
  escalationNeeded,
  escalationResolved,
  pauseJob,
  resumeJob,
  sheetAttemptResult,
  type CoreEffect,
  type Dispatch,
  type SheetStatus,
} from "../../core/index.js";
import { JobBook } from "./job-book.js";

/** One step of a runtime operation (a sheet of a core job). */
export interface Step {
  /** Names the step in progress lines and errors ("start the mock of orders"). */
  readonly name: string;
  /** The instrument that carries it out: its concurrency limit and breaker apply. */
  readonly instrument: string;
  /** Steps (by name) that must succeed first. */
  readonly after?: readonly string[];
  /** Retries after a failure (with the conductor's backoff); default 0. */
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
  /** Does the work; throws to fail the attempt. `signal` aborts when the step is cancelled. */
  run(signal: AbortSignal): Promise<void>;
}

/** What a person may decide about a step held for one. */
export const DECISIONS = ["accept", "retry", "skip", "fail"] as const;
export type Decision = (typeof DECISIONS)[number];

/** A step's progress as it happens: one event per attempt started and ended. */
export interface StepProgress {
  readonly step: string;
  /** `retrying`: the attempt failed and another follows after a backoff. */
  readonly event: "started" | "completed" | "failed" | "retrying";
  readonly attempt: number;
  readonly error?: string;
}

/** How each step of a finished operation ended. */
export interface StepReport {
  readonly name: string;
  readonly status: SheetStatus;
  /** Attempts that failed (retried, or the last one). */
  readonly failedAttempts: number;
  readonly error: string | null;
}

/** A finished operation: ok when every step completed. */
export interface OperationResult {
  readonly jobId: string;
  readonly ok: boolean;
  readonly steps: readonly StepReport[];
  /** The first step that failed, with its cause; null when ok. */
  readonly failed: StepReport | null;
}

/** Settings of a Conductor. */
export interface ConductorOptions {
  readonly clock: Clock;
  readonly random: Random;
  /** Instruments and their concurrency limits. */
  readonly instruments: Readonly<Record<string, { readonly maxConcurrent: number }>>;
  /** Backoff between attempts of a step, ms (default 200 doubling to 5 000). */
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
  /** Sees every effect batch (persistence, observers, logs). */
  readonly onEffects?: (effects: readonly CoreEffect[]) => void;
}

interface Running {
  readonly steps: readonly Step[];
  readonly onProgress: ((progress: StepProgress) => void) | undefined;
  readonly done: (result: OperationResult) => void;
  readonly aborts: Map<number, AbortController>;
}

/**
 * The core's loop hosted for real: operations (up, slot, swap, …) are core jobs whose sheets
 * are steps; a dispatched sheet runs its step's function, and its outcome returns to the core
 * as a `SheetAttemptResult` event. Concurrency limits, retries with backoff, breakers and
 * cancellation are the core's; this class only carries effects out and waits for work.
 */
export class Conductor {
  readonly core: BatonCore;
  /** What ran and runs, for people (`baton jobs`). */
  readonly book: JobBook;
  readonly #jobs = new Map<string, Running>();
  /** Steps held for a person's decision (`jobId#sheetNum`). */
  readonly #held = new Set<string>();
  /** Jobs asked to cancel, until the core has let them go. */
  readonly #cancelled = new Set<string>();
  #wake: (() => void) | null = null;
  /** Work arrived while the loop was not waiting (a job registered, a result enqueued). */
  #poked = false;
  #timer: NodeJS.Timeout | null = null;
  #loop: Promise<void> | null = null;
  #count = 0;

  constructor(readonly options: ConductorOptions) {
    this.book = new JobBook(() => options.clock.nowMs());
    this.core = new BatonCore({
      clock: options.clock,
      random: options.random,
      retry: {
        baseMs: options.retryBaseMs ?? 200,
        capMs: options.retryCapMs ?? 5_000,
        factor: 2,
      },
      maxConcurrentSheets: 64,
    });
    for (const [name, limits] of Object.entries(options.instruments))
      this.core.registerInstrument(name, { maxConcurrent: limits.maxConcurrent });
  }

  /** Starts the loop (once). */
  start(): void {
    this.#loop ??= this.core.run({
      dispatch: (d) => this.#dispatch(d),
      apply: (effects) => this.#apply(effects),
      waitForWork: (dueAtMs) => this.#waitForWork(dueAtMs),
    });
  }

  /** Runs `steps` as one job; resolves when every step is terminal. */
  run(
    kind: string,
    steps: readonly Step[],
    onProgress?: (progress: StepProgress) => void,
  ): Promise<OperationResult> {
    return this.#start(kind, steps, onProgress).done;
  }

  /**
   * A job whose one step waits for a person (a fermata: the job pauses) until `resolve`:
   * `accept` or `skip` end it, `retry` runs the step, `fail` fails it.
   */
  escalate(
    kind: string,
    step: Step,
    reason: string,
  ): { jobId: string; done: Promise<OperationResult> } {
    const started = this.#start(kind, [step]);
    this.core.inbox.enqueue(
      escalationNeeded(
        { jobId: started.jobId, sheetNum: 1, reason, options: [...DECISIONS] },
        this.options.clock.nowMs(),
      ),
    );
    this.book.held(started.jobId, step.name, reason);
    this.#held.add(`${started.jobId}#1`);
    this.#poke();
    return started;
  }

  /**
   * A person's decision about a step held for one: by the step's number (1-based) or name.
   * Throws a BatonError for an unknown job or step, or a step that waits for no decision.
   */
  resolve(jobId: string, step: string, decision: Decision): void {
    const job = this.#running(jobId);
    const byNumber = /^\d+$/.test(step) ? Number(step) : 0;
    const sheetNum =
      byNumber >= 1 && byNumber <= job.steps.length
        ? byNumber
        : job.steps.findIndex((s) => s.name === step) + 1;
    if (sheetNum === 0)
      throw new BatonError("E_JOB_NOT_FOUND", `job '${jobId}' has no step '${step}'`, {
        hint: `its steps: ${job.steps.map((s, i) => `${i + 1} (${s.name})`).join(", ")}`,
      });
    // Held until decided (the core may not have parked it yet: its event is queued first).
    const key = `${jobId}#${sheetNum}`;
    const status = this.core.getSheetState(jobId, sheetNum)?.status;
    if (!this.#held.delete(key))
      throw new BatonError(
        "E_NO_DECISION_PENDING",
        `step ${sheetNum} of job '${jobId}' waits for no decision (it is ${status ?? "gone"})`,
        { hint: "`baton job show " + jobId + "` shows its steps" },
      );
    this.core.inbox.enqueue(
      escalationResolved({ jobId, sheetNum, decision }, this.options.clock.nowMs()),
    );
    this.#poke();
  }

  #start(
    kind: string,
    steps: readonly Step[],
    onProgress?: (progress: StepProgress) => void,
  ): { jobId: string; done: Promise<OperationResult> } {
    const jobId = `${kind}-${++this.#count}`;
    const index = new Map(steps.map((s, i) => [s.name, i + 1]));
    const deps = new Map<number, number[]>();
    steps.forEach((s, i) => {
      const after = (s.after ?? []).map((name) => {
        const n = index.get(name);
        if (n === undefined) throw new TypeError(`step '${s.name}' waits for unknown '${name}'`);
        return n;
      });
      if (after.length > 0) deps.set(i + 1, after);
    });
    const done = new Promise<OperationResult>((resolve) => {
      this.#jobs.set(jobId, {
        steps,
        onProgress: (p) => {
          this.book.progressed(jobId, p);
          onProgress?.(p);
        },
        done: resolve,
        aborts: new Map(),
      });
      this.book.opened(
        jobId,
        kind,
        steps.map((st) => st.name),
      );
      this.core.registerJob(
        jobId,
        steps.map((s, i) => ({
          sheetNum: i + 1,
          instrument: s.instrument,
          maxRetries: s.maxRetries ?? 0,
          maxCompletion: 0,
          ...(s.timeoutMs === undefined ? {} : { timeoutSeconds: s.timeoutMs / 1000 }),
        })),
        deps,
      );
      this.#poke();
    });
    return { jobId, done };
  }

  /** Stops the loop after the current batch; steps in flight are aborted. */
  async stop(): Promise<void> {
    for (const job of this.#jobs.values()) for (const a of job.aborts.values()) a.abort();
    this.#apply(this.core.shutdown({ graceful: false }));
    this.#poke();
    await this.#loop;
    if (this.#timer !== null) clearTimeout(this.#timer);
  }

  #dispatch(d: Dispatch): void {
    const job = this.#jobs.get(d.jobId);
    const step = job?.steps[d.sheetNum - 1];
    if (job === undefined || step === undefined) return;
    const abort = new AbortController();
    job.aborts.set(d.sheetNum, abort);
    const started = this.options.clock.monoMs();
    const tell = (event: StepProgress["event"], error: string | null): void =>
      job.onProgress?.({
        step: step.name,
        event,
        attempt: d.attempt,
        ...(error === null ? {} : { error }),
      });
    tell("started", null);
    const report = (error: unknown): void => {
      job.aborts.delete(d.sheetNum);
      const message =
        error === null
          ? null
          : error instanceof Error
            ? error.message
            : typeof error === "string"
              ? error
              : "the step failed";
      tell(
        message === null
          ? "completed"
          : d.attempt <= (step.maxRetries ?? 0)
            ? "retrying"
            : "failed",
        message,
      );
      this.core.inbox.enqueue(
        sheetAttemptResult(
          {
            jobId: d.jobId,
            sheetNum: d.sheetNum,
            instrumentName: d.instrument,
            attempt: d.attempt,
            attemptId: d.attemptId,
            executionSuccess: error === null,
            validationPassRate: error === null ? 100 : 0,
            durationSeconds: Math.max(0, (this.options.clock.monoMs() - started) / 1000),
            errorMessage: message,
            errorClassification: error === null ? null : "EXECUTION_ERROR",
          },
          this.options.clock.nowMs(),
        ),
      );
      this.#poke();
    };
    // A step's function runs outside the loop: the loop never waits for it.
    queueMicrotask(() => {
      step.run(abort.signal).then(
        () => report(null),
        (error: unknown) => report(error ?? new Error("the step failed")),
      );
    });
  }

  #apply(effects: readonly CoreEffect[]): void {
    for (const effect of effects) {
      if (effect.kind === "jobComplete") this.#finish(effect.jobId);
      else if (effect.kind === "cancelAttempt")
        this.#jobs.get(effect.jobId)?.aborts.get(effect.sheetNum)?.abort();
    }
    // A cancelled job leaves the core without completing: it ends here.
    for (const jobId of this.#cancelled)
      if (this.core.getSheetState(jobId, 1) === null) {
        this.#cancelled.delete(jobId);
        this.#finish(jobId);
      }
    this.options.onEffects?.(effects);
  }

  /** Holds a running job: its steps in flight finish, no further step starts until `resume`. */
  pause(jobId: string): void {
    this.#running(jobId);
    this.core.inbox.enqueue(pauseJob({ jobId }, this.options.clock.nowMs()));
    this.book.paused(jobId, true);
    this.#poke();
  }

  /** Lets a paused job go on. */
  resume(jobId: string): void {
    this.#running(jobId);
    this.core.inbox.enqueue(resumeJob({ jobId }, this.options.clock.nowMs()));
    this.book.paused(jobId, false);
    this.#poke();
  }

  /** Cancels a running job: steps in flight are aborted, the rest never start. */
  cancel(jobId: string): void {
    this.#running(jobId);
    this.#cancelled.add(jobId);
    this.core.inbox.enqueue(cancelJob({ jobId }, this.options.clock.nowMs()));
    this.#poke();
  }

  #running(jobId: string): Running {
    const job = this.#jobs.get(jobId);
    if (job === undefined)
      throw new BatonError("E_JOB_NOT_FOUND", `no job '${jobId}' is running`, {
        hint: "`baton jobs` lists the running ones",
      });
    return job;
  }

  #finish(jobId: string): void {
    const job = this.#jobs.get(jobId);
    if (job === undefined) return;
    const steps: StepReport[] = job.steps.map((s, i) => {
      const state = this.core.getSheetState(jobId, i + 1);
      return {
        name: s.name,
        // Gone from the core: the job was cancelled; what had completed stays completed.
        status:
          state?.status ??
          (this.book.stepStatus(jobId, i) === "completed" ? "completed" : "cancelled"),
        failedAttempts: state?.normalAttempts ?? 0,
        error: state?.errorMessage ?? null,
      };
    });
    // The step that failed, not those skipped because they waited for it.
    const failed =
      steps.find((s) => s.status === "failed") ??
      steps.find((s) => s.status !== "completed") ??
      null;
    this.#jobs.delete(jobId);
    this.core.deregisterJob(jobId);
    for (const key of this.#held) if (key.startsWith(`${jobId}#`)) this.#held.delete(key);
    this.book.closed(jobId, failed === null, steps);
    job.done({ jobId, ok: failed === null, steps, failed });
  }

  #poke(): void {
    const wake = this.#wake;
    this.#wake = null;
    if (wake === null) this.#poked = true;
    else wake();
  }

  #waitForWork(dueAtMs: number | undefined): Promise<void> {
    if (this.#poked || this.core.inbox.size > 0) {
      this.#poked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#wake = resolve;
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
      if (dueAtMs !== undefined) {
        const delay = Math.max(0, dueAtMs - this.options.clock.nowMs());
        this.#timer = setTimeout(() => this.#poke(), delay);
      }
    });
  }
}
