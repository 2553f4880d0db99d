import { FakeClock, seededRandom, type Random } from "../src/common/index.js";
import {
  BatonCore,
  dispatchRetry,
  pauseJob,
  rateLimitExpired,
  resumeJob,
  retryDue,
  sheetAttemptResult,
  type BatonEvent,
  type CoreEffect,
  type Dispatch,
  type SheetSpec,
} from "../src/core/index.js";

/** Wall-clock start of every run (fake clock: the benchmark measures the core, not time). */
const T0 = 1_700_000_000_000;
export const INSTRUMENTS = ["alpha", "beta", "gamma", "delta"] as const;
const LIMITS = [64, 128, 256, 512];

/** A new core on a fake clock with the four instruments and their limits. */
export function newCore(maxConcurrentSheets: number): { core: BatonCore; clock: FakeClock } {
  const clock = new FakeClock(T0);
  const core = new BatonCore({
    clock,
    random: seededRandom(1),
    maxConcurrentSheets,
    jobTimeoutMs: 0,
  });
  INSTRUMENTS.forEach((name, i) =>
    core.registerInstrument(name, { maxConcurrent: LIMITS[i] ?? 4 }),
  );
  return { core, clock };
}

/** A random DAG: each sheet depends on up to 3 of the 1 000 sheets before it (fan-in and fan-out). */
export function randomDag(
  sheets: number,
  random: Random,
): { specs: SheetSpec[]; deps: Map<number, number[]> } {
  const specs: SheetSpec[] = [];
  const deps = new Map<number, number[]>();
  for (let n = 1; n <= sheets; n++) {
    specs.push({ sheetNum: n, instrument: INSTRUMENTS[Math.floor(random.next() * 4)] ?? "alpha" });
    const count = n === 1 ? 0 : Math.floor(random.next() * 4);
    const list: number[] = [];
    for (let k = 0; k < count; k++)
      list.push(Math.max(1, n - 1 - Math.floor(random.next() * 1000)));
    if (list.length > 0) deps.set(n, [...new Set(list)]);
  }
  return { specs, deps };
}

/** The result an instant musician reports for a dispatch. */
export function success(d: Dispatch, now: number): BatonEvent {
  return sheetAttemptResult(
    {
      jobId: d.jobId,
      sheetNum: d.sheetNum,
      instrumentName: d.instrument,
      attempt: d.attempt,
      attemptId: d.attemptId,
      validationPassRate: 100,
    },
    now,
  );
}

/**
 * Runs every registered job to completion with an instant musician: each batch's dispatches
 * report success in the next batch. `onEffects` sees every batch's effects (persistence).
 */
export function runToCompletion(
  core: BatonCore,
  clock: FakeClock,
  jobIds: readonly string[],
  onEffects?: (e: CoreEffect[]) => void,
): { batches: number; dispatches: number } {
  let batches = 0;
  let dispatches = 0;
  let inFlight: Dispatch[] = [];
  core.inbox.enqueue(dispatchRetry(clock.nowMs()));
  while (!jobIds.every((id) => core.isJobComplete(id))) {
    const next: Dispatch[] = [];
    for (const d of inFlight) core.inbox.enqueue(success(d, clock.nowMs()));
    const effects = core.runOnce((d) => next.push(d));
    onEffects?.(effects);
    dispatches += next.length;
    inFlight = next;
    batches++;
    if (batches > 10_000_000) throw new Error("workload did not finish");
  }
  return { batches, dispatches };
}

/**
 * `runToCompletion` the way the owner's loop runs: it yields to I/O after every batch, so a
 * store's writes interleave with the work.
 */
export async function runToCompletionYielding(
  core: BatonCore,
  clock: FakeClock,
  jobIds: readonly string[],
  onEffects: (e: CoreEffect[]) => void,
): Promise<void> {
  let inFlight: Dispatch[] = [];
  core.inbox.enqueue(dispatchRetry(clock.nowMs()));
  for (let batches = 0; !jobIds.every((id) => core.isJobComplete(id)); batches++) {
    const next: Dispatch[] = [];
    for (const d of inFlight) core.inbox.enqueue(success(d, clock.nowMs()));
    onEffects(core.runOnce((d) => next.push(d)));
    inFlight = next;
    if (batches > 10_000_000) throw new Error("workload did not finish");
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Per-event cost with `registered` sheets in the core: a chain that never moves (its one
 * instrument admits one sheet) plus a small job whose sheet fails and retries forever.
 * Returns microseconds per event handled.
 */
export function perEventCostUs(registered: number, events: number): number {
  const { core, clock } = newCore(1_000);
  core.registerInstrument("parked", { maxConcurrent: 1 });
  core.registerJob(
    "parked",
    Array.from({ length: registered }, (_, i) => ({ sheetNum: i + 1, instrument: "parked" })),
    new Map(Array.from({ length: registered - 1 }, (_, i) => [i + 2, [i + 1]])),
  );
  core.registerJob("probe", [
    { sheetNum: 1, instrument: "alpha", maxRetries: Number.MAX_SAFE_INTEGER },
  ]);
  let current: Dispatch | undefined;
  core.inbox.enqueue(dispatchRetry(clock.nowMs()));
  core.runOnce((d) => {
    if (d.jobId === "probe") current = d;
  });
  const rounds = Math.ceil(events / 2);
  // Registration's garbage is not the events' cost: collect it before timing (needs --expose-gc).
  collectGarbage();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const d = current as Dispatch;
    // Event 1: an attempt that failed its validations (schedules RetryDue; neutral for the
    // breaker, so the instrument stays closed); event 2: RetryDue (re-dispatches the sheet).
    core.inbox.enqueue(
      sheetAttemptResult(
        {
          jobId: d.jobId,
          sheetNum: d.sheetNum,
          instrumentName: d.instrument,
          attempt: d.attempt,
          attemptId: d.attemptId,
          executionSuccess: true,
          validationsTotal: 1,
          validationPassRate: 0,
        },
        clock.nowMs(),
      ),
    );
    core.runOnce(() => undefined);
    core.inbox.enqueue(retryDue({ jobId: "probe", sheetNum: 1 }, clock.nowMs()));
    core.runOnce((next) => {
      current = next;
    });
  }
  return ((performance.now() - start) * 1000) / (rounds * 2);
}

/** A full collection when the benchmark runs with --expose-gc; nothing otherwise. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The reference's way: every event rescans every sheet and its dependencies (spec §13.3). */
export function referenceScanUs(registered: number, events: number): number {
  const status = new Uint8Array(registered + 1);
  const deps: number[][] = Array.from({ length: registered + 1 }, (_, n) => (n > 1 ? [n - 1] : []));
  status[1] = 1; // the first sheet is in flight; the rest wait behind it.
  let found = 0;
  const start = performance.now();
  for (let e = 0; e < events; e++) {
    for (let n = 1; n <= registered; n++) {
      if (status[n] !== 0) continue;
      if ((deps[n] ?? []).every((d) => status[d] === 2)) found++;
    }
  }
  const us = ((performance.now() - start) * 1000) / events;
  if (found < 0) throw new Error("unreachable");
  return us;
}

/**
 * A mixed stream through the loop: results of real dispatches, pauses and resumes, rate-limit
 * expiries, no-op retries and dispatch kicks over 100 jobs. Returns events per second.
 */
export function mixedEventsPerSecond(totalEvents: number): number {
  const { core, clock } = newCore(400);
  const jobs = Array.from({ length: 100 }, (_, j) => `job-${j}`);
  for (const id of jobs) {
    core.registerJob(
      id,
      Array.from({ length: 100 }, (_, i) => ({
        sheetNum: i + 1,
        instrument: INSTRUMENTS[i % 4] ?? "alpha",
      })),
    );
  }
  let inFlight: Dispatch[] = [];
  core.inbox.enqueue(dispatchRetry(clock.nowMs()));
  core.runOnce((d) => inFlight.push(d));
  let handled = 0;
  let elapsed = 0;
  let round = 0;
  while (handled < totalEvents) {
    const now = clock.nowMs();
    const batch: BatonEvent[] = inFlight.map((d) => success(d, now));
    for (let k = 0; k < 50; k++) {
      const job = jobs[(round * 50 + k) % jobs.length] as string;
      batch.push(pauseJob({ jobId: job }, now), resumeJob({ jobId: job }, now));
      batch.push(rateLimitExpired({ instrument: INSTRUMENTS[k % 4] ?? "alpha" }, now));
      batch.push(retryDue({ jobId: job, sheetNum: 1 + (k % 100) }, now), dispatchRetry(now));
    }
    const next: Dispatch[] = [];
    const start = performance.now();
    for (const e of batch) core.inbox.enqueue(e);
    core.runOnce((d) => next.push(d));
    elapsed += performance.now() - start;
    handled += batch.length;
    inFlight = next;
    round++;
    if (inFlight.length === 0 && jobs.every((id) => core.isJobComplete(id))) {
      // Keep the stream going on fresh jobs once everything finished.
      for (const id of jobs) core.deregisterJob(id);
      for (const id of jobs)
        core.registerJob(
          id,
          Array.from({ length: 100 }, (_, i) => ({
            sheetNum: i + 1,
            instrument: INSTRUMENTS[i % 4] ?? "alpha",
          })),
        );
      core.inbox.enqueue(dispatchRetry(now));
      core.runOnce((d) => inFlight.push(d));
    }
  }
  return handled / (elapsed / 1000);
}
