import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { custodianSchema } from "../../circuit/index.js";
import { seededRandom, systemClock } from "../../common/index.js";
import type { CircuitRuntime } from "../circuit/index.js";
import { Conductor, RUNTIME_INSTRUMENTS } from "../conductor/index.js";
import type { LogRecord, LogWriter } from "../logs/index.js";
import { ownerCustodian } from "./owner-custodian.js";

/** A runtime of one mocked node whose (networked) mock fails its probes. */
function failingMock(): CircuitRuntime {
  return {
    status: () => [{ name: "quotes", backend: "mock", live: null }],
    health: () =>
      Promise.resolve(
        new Map([
          ["quotes", { status: "unhealthy", latencyMs: 1, reason: "connect ECONNREFUSED" }],
        ]),
      ),
  } as unknown as CircuitRuntime;
}

describe("the owner's custodian", () => {
  it("raises an escalation as a job held for a person; accepting it clears the node", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-heal-"));
    const conductor = new Conductor({
      clock: systemClock,
      random: seededRandom(1),
      instruments: RUNTIME_INSTRUMENTS,
    });
    conductor.start();
    onTestFinished(async () => {
      await conductor.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const heard: string[] = [];
    const logged: LogRecord[] = [];
    const healer = ownerCustodian(undefined, {
      runtime: failingMock(),
      conductor,
      logs: { append: (r: LogRecord) => logged.push(r) } as unknown as LogWriter,
      stateDir: dir,
      clock: systemClock,
      random: seededRandom(2),
      onEvent: (e) => heard.push(`${e.action} ${e.node}`),
    });
    if (healer === null) throw new Error("the custodian is on by default");
    for (let i = 0; i < 3; i++) await healer.custodian.tick();
    expect(heard).toEqual(["escalate quotes"]);
    expect(logged).toMatchObject([
      {
        node: "quotes",
        target: "custodian",
        severity: "error",
        text: expect.stringMatching(
          /^escalate \(3 failed probes: connect ECONNREFUSED\): /,
        ) as string,
      },
    ]);
    const job = healer.escalations.get("quotes") as string;
    expect(conductor.book.list(false)).toMatchObject([
      { id: job, kind: "escalation", steps: [{ name: "decide about quotes", status: "fermata" }] },
    ]);
    await healer.custodian.tick(); // still failing: escalated once, not again
    expect(heard).toHaveLength(1);

    // New settings at once: the escalation stays held, the node faulted.
    await healer.reconfigure({ ...custodianSchema.parse({}), probe_interval_s: 2 });
    expect([healer.custodian.options.intervalMs, healer.custodian.faulted.size]).toEqual([2000, 1]);
    expect(healer.escalations.get("quotes")).toBe(job);
    await healer.custodian.stop();

    conductor.resolve(job, "1", "accept");
    await expect.poll(() => healer.custodian.faulted.size).toBe(0);
    expect(healer.escalations.size).toBe(0);
    expect(conductor.book.list(true)[0]).toMatchObject({ id: job, state: "completed" });
  });
});
