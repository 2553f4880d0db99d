import { describe, expect, it } from "vitest";
import { FakeClock, seededRandom } from "../../common/index.js";
import { coreHarness, T0, type CoreHarness } from "../../../test/support/core-harness.js";
import { BatonCore } from "../core.js";
import { rateLimitHit } from "../events/instrument-events.js";
import { pauseJob } from "../events/job-events.js";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint-codec.js";
import type { Checkpoint } from "./checkpoint-types.js";
import type { RecoveryConfig } from "./recover-job.js";

// BatonCore.checkpointJob / restoreJob: a live job survives encode → decode → a new core.

const CONFIG: RecoveryConfig = {
  sheets: [
    { sheetNum: 1, instrument: "a" },
    { sheetNum: 2, instrument: "b", maxRetries: 0 },
    { sheetNum: 3, instrument: "a" },
    { sheetNum: 4, instrument: "a" },
    { sheetNum: 5, instrument: "a" },
  ],
  dependencies: new Map([
    [3, [2]],
    [4, [1]],
    [5, [4]],
  ]),
};

function register(h: CoreHarness, jobId: string, escalationEnabled: boolean): void {
  h.core.registerJob(jobId, CONFIG.sheets, CONFIG.dependencies, {
    pacingSeconds: 30,
    escalationEnabled,
    costLimitUsd: 10,
  });
}

/** A core in the same wall-clock instant as `h`, restoring `jobId` from an encoded checkpoint. */
function restored(h: CoreHarness, jobId: string): { core: BatonCore; clock: FakeClock } {
  const clock = new FakeClock(h.now());
  const core = new BatonCore({ clock, random: seededRandom(7), breakers: { threshold: 1 } });
  const text = encodeCheckpoint(h.core.checkpointJob(jobId) as Checkpoint);
  core.restoreJob(decodeCheckpoint(text, "mem"), CONFIG);
  return { core, clock };
}

function withoutIncarnation(cp: Checkpoint | null): Checkpoint {
  return { ...(cp as Checkpoint), incarnation: undefined };
}

describe("checkpointJob / restoreJob", () => {
  it("keeps a RETRY_SCHEDULED sheet's backoff across a restart: dispatched at its due time, not before", () => {
    const h = coreHarness();
    h.core.registerJob("r", [{ sheetNum: 1, instrument: "a" }]);
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false }));
    expect(h.status("r", 1)).toBe("retry_scheduled");
    const dueAt = h.core.getSheetState("r", 1)!.nextRetryAt!;
    const clock = new FakeClock(h.now() + 4_000); // the owner was down for 4 s of a 10 s backoff
    const core = new BatonCore({ clock, random: seededRandom(7) });
    const text = encodeCheckpoint(h.core.checkpointJob("r") as Checkpoint);
    core.restoreJob(decodeCheckpoint(text, "mem"), { sheets: [{ sheetNum: 1, instrument: "a" }] });
    const sent: number[] = [];
    const step = () => core.runOnce((x) => sent.push(x.sheetNum));
    step();
    expect([core.getSheetState("r", 1)!.status, sent]).toEqual(["retry_scheduled", []]);
    expect(core.nextTimerDueAt()).toBe(dueAt);
    clock.advance(dueAt - clock.nowMs());
    core.tick();
    step();
    expect(sent).toEqual([1]);
  });

  it("returns null for an unknown job and refuses a duplicate id like registerJob", () => {
    const h = coreHarness();
    expect(h.core.checkpointJob("nope")).toBeNull();
    register(h, "j", false);
    const cp = h.core.checkpointJob("j") as Checkpoint;
    expect(() => h.core.restoreJob(cp, CONFIG)).toThrow(
      expect.objectContaining({ code: "E_JOB_INVALID" }),
    );
    expect(h.core.jobCount).toBe(1);
  });

  it("restores an equal state: diagnostics, counters, instruments and timers", () => {
    const h = coreHarness({ breakers: { threshold: 1 } });
    register(h, "j", false);
    register(h, "k", true);
    const first = h.run();
    const byKey = (job: string, n: number) =>
      first.find((d) => d.jobId === job && d.sheetNum === n)!;
    h.clock.advance(1000);
    h.send(
      h.result(byKey("j", 2), { executionSuccess: false, costUsd: 0.25 }),
      h.result(byKey("k", 2), { executionSuccess: false }),
      h.result(byKey("j", 1), { executionSuccess: true, costUsd: 0.5 }),
      h.result(byKey("k", 1), { executionSuccess: true }),
      pauseJob({ jobId: "j", reason: "user" }, h.now()),
      rateLimitHit({ instrument: "a", waitSeconds: 120, jobId: "j", sheetNum: 4 }, h.now()),
    );
    expect(h.status("j", 1)).toBe("completed");
    expect(h.status("j", 2)).toBe("failed");
    expect(h.status("j", 3)).toBe("skipped");
    expect(h.status("k", 2)).toBe("fermata");

    for (const jobId of ["j", "k"]) {
      const { core } = restored(h, jobId);
      expect(core.getDiagnostics(jobId)).toEqual(h.core.getDiagnostics(jobId));
      expect(withoutIncarnation(core.checkpointJob(jobId))).toEqual(
        withoutIncarnation(h.core.checkpointJob(jobId)),
      );
      expect(core.checkpointJob(jobId)!.timers).toEqual(h.core.checkpointJob(jobId)!.timers);
      expect(core.getReadySheets(jobId)).toEqual(h.core.getReadySheets(jobId));
      expect(core.getRateLimitedInstruments()).toEqual(h.core.getRateLimitedInstruments());
      expect(core.getOpenCircuitBreakers()).toEqual(h.core.getOpenCircuitBreakers());
      expect(core.checkpointJob(jobId)!.incarnation).toBe(1);
      for (const n of [1, 2, 3, 4, 5]) {
        const a = core.getSheetState(jobId, n)!;
        const b = h.core.getSheetState(jobId, n)!;
        expect([a.status, a.normalAttempts, a.totalCostUsd, a.attemptSeq]).toEqual([
          b.status,
          b.normalAttempts,
          b.totalCostUsd,
          b.attemptSeq,
        ]);
      }
    }
    const j = h.core.checkpointJob("j")!;
    expect(j.timers.map((t) => t.event.type).sort()).toEqual([
      "CircuitBreakerRecovery",
      "JobTimeout",
      "PacingComplete",
      "RateLimitExpired",
    ]);
    expect(j.pauseReasons).toEqual(["user"]);
    expect(h.core.checkpointJob("k")!.pauseReasons).toEqual(["escalation"]);
  });

  it("fires saved timers at their wall-clock due time in the new core", () => {
    const h = coreHarness({ breakers: { threshold: 1 } });
    register(h, "j", false);
    const [d1, d2] = h.run();
    h.send(h.result(d2!, { executionSuccess: false }), h.result(d1!, { executionSuccess: true }));
    expect(h.core.getReadySheets("j")).toEqual([]); // pacing 30 s
    const { core, clock } = restored(h, "j");
    expect(core.getReadySheets("j")).toEqual([]);
    clock.advance(30_000);
    core.tick();
    core.runOnce(() => undefined);
    expect(core.getSheetState("j", 4)!.status).toBe("dispatched");
  });

  it("puts an in-flight sheet back to PENDING with a fresh attempt id; the old attempt's late result is ignored", () => {
    const h = coreHarness();
    register(h, "j", false);
    const stale = encodeCheckpoint(h.core.checkpointJob("j")!); // saved before the dispatch
    const first = h.run();
    const d1 = first.find((d) => d.sheetNum === 1)!;
    expect(d1.attemptId).toBe("j/1/1");
    for (const text of [encodeCheckpoint(h.core.checkpointJob("j")!), stale]) {
      const clock = new FakeClock(h.now());
      const core = new BatonCore({ clock, random: seededRandom(7) });
      core.restoreJob(decodeCheckpoint(text, "mem"), CONFIG);
      expect(core.getSheetState("j", 1)!.status).toBe("pending");
      const again: string[] = [];
      core.runOnce((d) => {
        if (d.sheetNum === 1) again.push(d.attemptId);
      });
      expect(again).toHaveLength(1);
      expect(again[0]).not.toBe(d1.attemptId);
      expect(again[0]).toMatch(/^j\/1\/1\.\d+$/);
      core.inbox.enqueue(h.result(d1, { executionSuccess: true }));
      core.runOnce(() => undefined);
      expect(core.getSheetState("j", 1)!.status).toBe("dispatched");
      expect(core.getSheetState("j", 1)!.attemptId).toBe(again[0]);
    }
  });

  it("restores a checkpoint written before attempt sequences were saved", () => {
    const h = coreHarness();
    register(h, "j", false);
    const legacy = JSON.parse(encodeCheckpoint(h.core.checkpointJob("j")!)) as {
      sheets: Record<string, unknown>[];
    };
    for (const s of legacy.sheets) delete s["attemptSeq"];
    const cp = decodeCheckpoint(JSON.stringify(legacy), "old.json");
    expect(cp.sheets[0]!.attemptSeq).toBeUndefined();
    expect(cp.incarnation).toBeUndefined();
    const core = new BatonCore({ clock: new FakeClock(T0), random: seededRandom(1) });
    core.restoreJob(cp, CONFIG);
    const ids: string[] = [];
    core.runOnce((d) => ids.push(d.attemptId));
    expect(ids).toContain("j/1/1.1");
  });
});
