import type { StepProgress, StepReport } from "./conductor.js";

/** One step of a job as users see it (`baton job show`). */
export interface StepRecord {
  readonly name: string;
  status: string;
  /** Attempts started. */
  attempts: number;
  /** Wall-clock epoch ms of the first attempt's start, and of the end; null until then. */
  startedAtMs: number | null;
  endedAtMs: number | null;
  error: string | null;
}

/** One job (an operation: up, slot, swap, …) as users see it (`baton jobs`). */
export interface JobRecord {
  readonly id: string;
  readonly kind: string;
  state: "running" | "completed" | "failed";
  /** Held by a person (`baton job pause`): no further step starts. */
  paused: boolean;
  readonly startedAtMs: number;
  endedAtMs: number | null;
  readonly steps: StepRecord[];
}

/** How many finished jobs are remembered. */
const KEPT = 100;

/**
 * The jobs a conductor runs and has run (the last 100), step by step, for people to read:
 * statuses, attempts, timings and errors. Filled from the conductor's progress and results.
 */
export class JobBook {
  readonly #running = new Map<string, JobRecord>();
  readonly #done: JobRecord[] = [];

  constructor(readonly now: () => number) {}

  opened(id: string, kind: string, steps: readonly string[]): void {
    this.#running.set(id, {
      id,
      kind,
      state: "running",
      paused: false,
      startedAtMs: this.now(),
      endedAtMs: null,
      steps: steps.map((name) => ({
        name,
        status: "waiting",
        attempts: 0,
        startedAtMs: null,
        endedAtMs: null,
        error: null,
      })),
    });
  }

  paused(id: string, paused: boolean): void {
    const job = this.#running.get(id);
    if (job !== undefined) job.paused = paused;
  }

  /** The status the book has for step `index` of a running job. */
  stepStatus(id: string, index: number): string | undefined {
    return this.#running.get(id)?.steps[index]?.status;
  }

  /** A step waits for a person's decision. */
  held(id: string, name: string, reason: string): void {
    const step = this.#running.get(id)?.steps.find((s) => s.name === name);
    if (step === undefined) return;
    step.status = "fermata";
    step.error = reason;
  }

  progressed(id: string, p: StepProgress): void {
    const step = this.#running.get(id)?.steps.find((s) => s.name === p.step);
    if (step === undefined) return;
    if (p.event === "started") {
      step.status = "running";
      step.attempts = p.attempt;
      step.startedAtMs ??= this.now();
      return;
    }
    step.status = p.event === "retrying" ? "retrying" : p.event;
    step.error = p.error ?? null;
    if (p.event !== "retrying") step.endedAtMs = this.now();
  }

  closed(id: string, ok: boolean, reports: readonly StepReport[]): void {
    const job = this.#running.get(id);
    if (job === undefined) return;
    this.#running.delete(id);
    job.state = ok ? "completed" : "failed";
    job.paused = false;
    job.endedAtMs = this.now();
    for (const [i, report] of reports.entries()) {
      const step = job.steps[i];
      if (step === undefined) continue;
      step.status = report.status;
      step.error = report.error;
    }
    this.#done.push(job);
    if (this.#done.length > KEPT) this.#done.shift();
  }

  /** Running jobs, then (with `all`) finished ones, newest first. */
  list(all: boolean): JobRecord[] {
    const running = [...this.#running.values()].reverse();
    return all ? [...running, ...[...this.#done].reverse()] : running;
  }
}
