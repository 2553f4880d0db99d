import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coreHarness, type CoreHarness } from "../../test/support/core-harness.js";
import {
  cancelJob,
  escalationNeeded,
  escalationResolved,
  isSatisfying,
  jobTimeout,
  processExited,
  sheetSkipped,
  isTerminal,
  pauseJob,
  resumeJob,
  type Dispatch,
  type PauseReason,
  type SheetStatus,
} from "./index.js";

// Random event sequences against random DAGs; the invariants of spec §12.1 checked after every step.

const INSTRUMENTS = ["a", "b", "c"] as const;
const CAPS: Record<string, number> = { a: 2, b: 1, c: 3 };
const GLOBAL_MAX = 4;

interface SheetPlan {
  instrument: string;
  fallback: string[];
  model: string | null;
  maxRetries: number;
  deps: number[];
}

const jobPlan = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        instrument: fc.constantFrom(...INSTRUMENTS),
        fallback: fc.subarray([...INSTRUMENTS], { maxLength: 2 }),
        model: fc.constantFrom(null, "m1", "m2"),
        maxRetries: fc.integer({ min: 0, max: 3 }),
        deps: fc.subarray(
          Array.from({ length: i }, (_, k) => k + 1),
          { maxLength: Math.min(3, i) },
        ),
      }),
    ),
  ),
) as fc.Arbitrary<SheetPlan[]>;

type Action =
  | { kind: "result"; pick: number; outcome: "ok" | "fail" | "rate" | "partial" | "zero" | "auth" }
  | { kind: "duplicate"; pick: number }
  | { kind: "pause"; job: number; reason: PauseReason }
  | { kind: "resume"; job: number; reason: PauseReason }
  | { kind: "cancel"; job: number }
  | { kind: "resolve"; job: number; decision: string }
  | { kind: "tick"; ms: number }
  | { kind: "costLimit"; job: number; usd: number }
  | { kind: "crash"; pick: number }
  | { kind: "skip"; job: number; sheet: number }
  | { kind: "timeout"; job: number }
  | { kind: "clear" }
  | { kind: "needed"; job: number; sheet: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("result" as const),
      pick: fc.nat(),
      outcome: fc.constantFrom("ok", "ok", "fail", "rate", "partial", "zero", "auth"),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("pause" as const),
      job: fc.nat(),
      reason: fc.constantFrom<PauseReason>("user", "resource"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("resume" as const),
      job: fc.nat(),
      reason: fc.constantFrom<PauseReason>("user", "resource", "escalation", "cost"),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), job: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("resolve" as const),
      job: fc.nat(),
      decision: fc.constantFrom("retry", "skip", "accept", "abort"),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("tick" as const),
      ms: fc.constantFrom(1_000, 10_000, 60_000, 600_000, 4_000_000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("crash" as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("skip" as const), job: fc.nat(), sheet: fc.nat() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("timeout" as const), job: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("clear" as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("needed" as const), job: fc.nat(), sheet: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("costLimit" as const),
      job: fc.nat(),
      usd: fc.constantFrom(0, 1, 100),
    }),
  },
);

function register(h: CoreHarness, jobId: string, plan: SheetPlan[], flags: number): void {
  h.core.registerJob(
    jobId,
    plan.map((p, i) => ({
      sheetNum: i + 1,
      instrument: p.instrument,
      model: p.model,
      maxRetries: p.maxRetries,
      maxCompletion: 2,
      fallbackChain: p.fallback.filter((f) => f !== p.instrument),
    })),
    new Map(plan.map((p, i) => [i + 1, p.deps])),
    { escalationEnabled: (flags & 1) === 1, selfHealingEnabled: (flags & 2) === 2 },
  );
}

describe("BatonCore under random event sequences (property, spec §12.1)", () => {
  it("keeps terminal absorption (#1), single flight, caps (#52), budgets, pause gate (#53) and no zombies (#31)", () => {
    const seen = new Map<string, number>(); // coverage of the generated runs
    const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(jobPlan, fc.nat({ max: 3 })), { minLength: 1, maxLength: 3 }),
        fc.array(action, { minLength: 1, maxLength: 60 }),
        (jobs, actions) => {
          const h = coreHarness({ escalationTimeoutMs: 300_000 });
          for (const [name, cap] of Object.entries(CAPS))
            h.core.registerInstrument(name, { maxConcurrent: cap });
          h.core.setModelConcurrency("a", "m1", 1);
          const ids = jobs.map((_, i) => `job${i}`);
          jobs.forEach(([plan, flags], i) => register(h, ids[i]!, plan, flags));

          const inFlight = new Map<string, Dispatch>(); // sheet key → attempt the musician runs
          const delivered: Dispatch[] = [];
          const terminal = new Map<string, SheetStatus>();
          const retried = new Map<string, number>(); // escalation "retry" decisions per sheet
          const userPaused = new Set<string>(); // model of the user's own pause (§12.1 #34/#35)
          const key = (d: { jobId: string; sheetNum: number }) => `${d.jobId}#${d.sheetNum}`;

          const step = (): void => {
            const before = h.dispatched.length;
            h.run(GLOBAL_MAX);
            for (const d of h.dispatched.slice(before)) {
              expect(inFlight.has(key(d)), `sheet ${key(d)} dispatched twice at once`).toBe(false);
              expect(h.core.isJobPaused(d.jobId), `paused job ${d.jobId} dispatched`).toBe(false);
              inFlight.set(key(d), d);
              count("dispatch");
            }
            for (const e of h.effects.splice(0)) {
              if (e.kind === "cancelAttempt") inFlight.delete(key(e));
              if (e.kind === "log" && e.message === "baton.event_handler_failed")
                throw new Error(`handler failed: ${JSON.stringify(e.data)}`);
            }
            check();
          };

          const check = (): void => {
            expect(h.core.runningSheetCount).toBeLessThanOrEqual(GLOBAL_MAX);
            for (const [name, cap] of Object.entries(CAPS))
              expect(h.core.getInstrumentState(name)!.inFlight).toBeLessThanOrEqual(cap);
            for (const id of userPaused)
              if (h.core.getDiagnostics(id) !== null)
                expect(h.core.getJobPauseReasons(id), `user pause of ${id} lifted`).toContain(
                  "user",
                );
            let running = 0;
            for (const [i, id] of ids.entries()) {
              const plan = jobs[i]![0];
              for (let n = 1; n <= plan.length; n++) {
                const s = h.core.getSheetState(id, n);
                const k = `${id}#${n}`;
                if (s === null) continue; // deregistered (cancelled)
                const was = terminal.get(k);
                if (was !== undefined) expect(s.status, `terminal ${k} moved`).toBe(was);
                if (isTerminal(s.status) && !terminal.has(k)) count(s.status);
                if (isTerminal(s.status)) terminal.set(k, s.status);
                if (s.status === "fermata" || s.status === "waiting") count(s.status);
                if (s.status === "dispatched") running += 1;
                expect(s.completionAttempts).toBeLessThanOrEqual(s.maxCompletion);
                expect(s.healingAttempts).toBeLessThanOrEqual(1);
                // A human "retry" re-runs an exhausted sheet without refilling its budget (§2.3.12).
                const granted =
                  Math.max(s.maxRetries, 1) + s.healingAttempts + (retried.get(k) ?? 0);
                expect(s.normalAttempts, `budget of ${k}`).toBeLessThanOrEqual(granted);
                if (!isTerminal(s.status)) {
                  for (const dep of plan[n - 1]!.deps) {
                    const d = h.core.getSheetState(id, dep)!;
                    const zombie = isTerminal(d.status) && !isSatisfying(d.status, d.errorCode);
                    expect(zombie, `zombie ${k} behind ${dep} (${d.status})`).toBe(false);
                  }
                }
              }
            }
            expect(running).toBe(h.core.runningSheetCount);
          };

          step();
          for (const a of actions) {
            const flights = [...inFlight.values()];
            const job = ids[("job" in a ? a.job : 0) % ids.length]!;
            switch (a.kind) {
              case "result": {
                const d = flights[a.pick % Math.max(1, flights.length)];
                if (d === undefined) break;
                inFlight.delete(key(d));
                delivered.push(d);
                const init = {
                  ok: { validationsTotal: 0 },
                  fail: { executionSuccess: false, costUsd: 0.5 },
                  rate: { executionSuccess: false, rateLimited: true, rateLimitWaitSeconds: 30 },
                  partial: { validationsTotal: 4, validationsPassed: 2, validationPassRate: 50 },
                  zero: { validationsTotal: 4, validationPassRate: 0 },
                  auth: { executionSuccess: false, errorClassification: "AUTH_FAILURE" },
                }[a.outcome];
                h.core.inbox.enqueue(h.result(d, init));
                break;
              }
              case "duplicate": {
                const d = delivered[a.pick % Math.max(1, delivered.length)];
                if (d !== undefined) h.core.inbox.enqueue(h.result(d, { validationsTotal: 0 }));
                break;
              }
              case "pause":
                if (a.reason === "user") userPaused.add(job);
                h.core.inbox.enqueue(pauseJob({ jobId: job, reason: a.reason }, h.now()));
                break;
              case "resume":
                if (a.reason === "user") userPaused.delete(job);
                h.core.inbox.enqueue(resumeJob({ jobId: job, reason: a.reason }, h.now()));
                break;
              case "cancel":
                h.core.inbox.enqueue(cancelJob({ jobId: job }, h.now()));
                break;
              case "resolve": {
                const sheets = jobs[ids.indexOf(job)]![0].length;
                for (let n = 1; n <= sheets; n++)
                  if (h.status(job, n) === "fermata" && a.decision === "retry")
                    retried.set(`${job}#${n}`, (retried.get(`${job}#${n}`) ?? 0) + 1);
                for (let n = 1; n <= sheets; n++)
                  if (h.status(job, n) === "fermata")
                    h.core.inbox.enqueue(
                      escalationResolved(
                        { jobId: job, sheetNum: n, decision: a.decision },
                        h.now(),
                      ),
                    );
                break;
              }
              case "tick":
                h.clock.advance(a.ms);
                h.core.tick();
                break;
              case "costLimit":
                h.core.setJobCostLimit(job, a.usd);
                break;
              case "crash": {
                const d = flights[a.pick % Math.max(1, flights.length)];
                if (d === undefined) break;
                inFlight.delete(key(d));
                h.core.inbox.enqueue(
                  processExited(
                    { jobId: d.jobId, sheetNum: d.sheetNum, pid: 99, attemptId: d.attemptId },
                    h.now(),
                  ),
                );
                break;
              }
              case "skip": {
                const n = 1 + (a.sheet % jobs[ids.indexOf(job)]![0].length);
                h.core.inbox.enqueue(
                  sheetSkipped({ jobId: job, sheetNum: n, reason: "r" }, h.now()),
                );
                break;
              }
              case "timeout":
                h.core.inbox.enqueue(jobTimeout({ jobId: job }, h.now()));
                break;
              case "clear":
                h.core.clearInstrumentRateLimit();
                break;
              case "needed": {
                const n = 1 + (a.sheet % jobs[ids.indexOf(job)]![0].length);
                h.core.inbox.enqueue(
                  escalationNeeded({ jobId: job, sheetNum: n, reason: "why" }, h.now()),
                );
                break;
              }
            }
            step();
          }
        },
      ),
      { numRuns: 300 },
    );
    for (const what of ["dispatch", "completed", "failed", "skipped", "fermata", "waiting"])
      expect(seen.get(what) ?? 0, `runs never reached ${what}`).toBeGreaterThan(10);
  });
});
