import { describe, expect, it, onTestFinished } from "vitest";
import { seededRandom, systemClock } from "../../common/index.js";
import { Conductor, type Step } from "./conductor.js";

function conductor(maxConcurrent = 2): Conductor {
  const c = new Conductor({
    clock: systemClock,
    random: seededRandom(1),
    instruments: { process: { maxConcurrent }, probe: { maxConcurrent: 8 } },
    retryBaseMs: 10,
    retryCapMs: 40,
  });
  c.start();
  onTestFinished(() => c.stop());
  return c;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Conductor", () => {
  it("runs steps after the ones they wait for, within each instrument's concurrency", async () => {
    const c = conductor(2);
    const log: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const step = (name: string, after: string[] = []): Step => ({
      name,
      instrument: "process",
      after,
      run: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        log.push(`start ${name}`);
        await sleep(15);
        inFlight -= 1;
        log.push(`end ${name}`);
      },
    });
    const result = await c.run("up", [step("a"), step("b"), step("c"), step("d", ["a", "b", "c"])]);
    expect(result.ok).toBe(true);
    expect(peak).toBe(2);
    expect(log.indexOf("start d")).toBeGreaterThan(
      Math.max(log.indexOf("end a"), log.indexOf("end b"), log.indexOf("end c")),
    );
    expect(result.steps.map((s) => s.status)).toEqual([
      "completed",
      "completed",
      "completed",
      "completed",
    ]);
  });

  it("retries a failing step with backoff, then succeeds", async () => {
    const c = conductor();
    let calls = 0;
    const progress: string[] = [];
    const result = await c.run(
      "slot",
      [
        {
          name: "start the service",
          instrument: "process",
          maxRetries: 3,
          run: () => (++calls < 3 ? Promise.reject(new Error("port busy")) : Promise.resolve()),
        },
      ],
      (p) => progress.push(`${p.event} ${p.attempt}${p.error === undefined ? "" : ` ${p.error}`}`),
    );
    expect([result.ok, calls]).toEqual([true, 3]);
    expect(progress).toEqual([
      ...["started 1", "retrying 1 port busy", "started 2", "retrying 2 port busy"],
      ...["started 3", "completed 3"],
    ]);
  });

  it("names the step that failed and its cause, and runs nothing that waited for it", async () => {
    const c = conductor();
    let ranAfter = false;
    const result = await c.run("slot", [
      { name: "start", instrument: "process", run: () => Promise.reject(new Error("exit 3")) },
      {
        name: "wait until healthy",
        instrument: "probe",
        after: ["start"],
        run: () => {
          ranAfter = true;
          return Promise.resolve();
        },
      },
    ]);
    expect(result.ok).toBe(false);
    expect(result.failed).toMatchObject({ name: "start", status: "failed" });
    expect(result.failed?.error).toContain("exit 3");
    expect(ranAfter).toBe(false);
  });

  it("aborts steps in flight when it stops", async () => {
    const c = conductor();
    let aborted = false;
    void c.run("up", [
      {
        name: "hang",
        instrument: "process",
        run: (signal) =>
          new Promise((_resolve, reject) =>
            signal.addEventListener("abort", () => {
              aborted = true;
              reject(new Error("aborted"));
            }),
          ),
      },
    ]);
    await sleep(20);
    await c.stop();
    expect(aborted).toBe(true);
  });

  it("holds an escalated step for a person: retry runs it, accept ends it, fail fails it", async () => {
    const c = conductor();
    let ran = 0;
    const step: Step = {
      name: "decide about orders",
      instrument: "probe",
      run: () => Promise.resolve(void ran++),
    };
    const first = c.escalate("escalation", step, "its mock fails too");
    await sleep(30);
    expect(ran).toBe(0); // held, not run
    expect(c.book.list(false)[0]?.steps[0]).toMatchObject({ status: "fermata" });
    expect(() => c.resolve("nope", "1", "accept")).toThrow(/no job 'nope' is running/);
    expect(() => c.resolve(first.jobId, "2", "accept")).toThrow(/has no step '2'/);
    c.resolve(first.jobId, "decide about orders", "retry");
    expect((await first.done).ok).toBe(true);
    expect(ran).toBe(1);
    expect(() => c.resolve(first.jobId, "1", "accept")).toThrow(/no job/);

    const accepted = c.escalate("escalation", step, "r");
    c.resolve(accepted.jobId, "1", "accept");
    expect([(await accepted.done).ok, ran]).toEqual([true, 1]);

    const failed = c.escalate("escalation", step, "r");
    c.resolve(failed.jobId, "1", "fail");
    const result = await failed.done;
    expect(result.ok).toBe(false);
    expect(result.failed?.error).toMatch(/fail/);
  });

  it("pauses a job between steps, resumes it, and cancels one mid-step", async () => {
    const c = conductor();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = c.run("swap", [
      { name: "a", instrument: "process", run: async () => void (await gate, log.push("a")) },
      {
        name: "b",
        instrument: "process",
        after: ["a"],
        run: () => Promise.resolve(void log.push("b")),
      },
    ]);
    await sleep(20);
    const jobId = c.book.list(false)[0]?.id as string;
    c.pause(jobId);
    expect(c.book.list(false)[0]?.paused).toBe(true);
    release();
    await sleep(50);
    expect(log).toEqual(["a"]); // in flight finished; the next step waits
    c.resume(jobId);
    expect((await running).ok).toBe(true);
    expect(log).toEqual(["a", "b"]);
    expect(() => c.pause(jobId)).toThrow(/no job/);

    let aborted = false;
    const long = c.run("slot", [
      {
        name: "wait",
        instrument: "probe",
        run: (signal) =>
          new Promise<void>((_resolve, reject) =>
            signal.addEventListener("abort", () => {
              aborted = true;
              reject(new Error("aborted"));
            }),
          ),
      },
      { name: "after", instrument: "probe", after: ["wait"], run: () => Promise.resolve() },
    ]);
    await sleep(20);
    c.cancel(c.book.list(false)[0]?.id as string);
    const result = await long;
    expect([result.ok, aborted]).toEqual([false, true]);
    expect(result.steps.map((s) => s.status)).toEqual(["cancelled", "cancelled"]);
  });
});
