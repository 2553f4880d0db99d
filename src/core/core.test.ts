import { describe, expect, it } from "vitest";
import { coreHarness } from "../../test/support/core-harness.js";
import { isBatonError } from "../common/index.js";
import { shutdownRequested } from "./index.js";

describe("BatonCore: a job runs to completion", () => {
  it("dispatches a chain in dependency order and signals completion once", () => {
    const h = coreHarness();
    h.core.registerJob(
      "j",
      [1, 2, 3].map((n) => ({ sheetNum: n, instrument: "claude" })),
      new Map([
        [2, [1]],
        [3, [2]],
      ]),
    );
    let ds = h.run();
    expect(ds.map((d) => d.sheetNum)).toEqual([1]);
    expect(ds[0]).toMatchObject({ attempt: 1, mode: "normal", timeoutMs: 1_800_000 });
    for (const n of [2, 3]) {
      ds = h.send(h.result(ds[0]!, { validationsTotal: 0 }));
      expect(ds.map((d) => d.sheetNum)).toEqual([n]);
    }
    h.send(h.result(ds[0]!));
    expect(h.core.isJobComplete("j")).toBe(true);
    expect(h.effectsOf("jobComplete")).toEqual([
      { kind: "jobComplete", jobId: "j", allSuccess: true },
    ]);
    expect(h.effectsOf("persist").some((p) => p.jobId === "j")).toBe(true);
  });

  it("rejects duplicate ids, unknown dependency sheets, cycles and bad numbers with E_JOB_INVALID", () => {
    const h = coreHarness();
    const one = [{ sheetNum: 1, instrument: "a" }];
    h.core.registerJob("j", one);
    const bad: (() => void)[] = [
      () => h.core.registerJob("j", one),
      () => h.core.registerJob("k", one, new Map([[1, [9]]])),
      () =>
        h.core.registerJob(
          "k",
          [1, 2].map((n) => ({ sheetNum: n, instrument: "a" })),
          new Map([
            [1, [2]],
            [2, [1]],
          ]),
        ),
      () => h.core.registerJob("k", one, new Map(), { pacingSeconds: Number.NaN }),
      () => h.core.registerJob("k", [{ sheetNum: 1, instrument: "a", maxRetries: -1 }]),
      () => h.core.registerJob("k", one, new Map(), { costLimitUsd: -1 }),
    ];
    for (const f of bad) {
      let caught: unknown;
      try {
        f();
      } catch (e) {
        caught = e;
      }
      expect(isBatonError(caught) && caught.code).toBe("E_JOB_INVALID");
    }
    expect(h.core.jobCount).toBe(1);
  });
});

describe("BatonCore.run (the tiny loop)", () => {
  it("fires timers, dispatches, hands effects to the port and stops after a shutdown", async () => {
    const h = coreHarness();
    h.core.registerJob("j", [{ sheetNum: 1, instrument: "a" }]);
    const seen: string[] = [];
    let waits = 0;
    await h.core.run({
      dispatch: (d) => {
        seen.push(`dispatch ${d.sheetNum}`);
        h.core.inbox.enqueue(h.result(d, { validationsTotal: 0 }));
      },
      apply: (effects) => {
        for (const e of effects) if (e.kind === "jobComplete") seen.push("complete");
      },
      waitForWork: () => {
        waits += 1;
        h.core.inbox.enqueue(shutdownRequested({ graceful: true }, h.now()));
        return Promise.resolve();
      },
    });
    expect(seen).toEqual(["dispatch 1", "complete"]);
    expect(waits).toBe(1);
    expect(h.core.isShuttingDown).toBe(true);
  });
});

describe("BatonCore options", () => {
  it("honours the retry config: base, cap and seeded jitter (spec §5.1 [RECOMMEND])", () => {
    const plain = coreHarness({ retry: { baseMs: 1_000, capMs: 4_000 } });
    expect([0, 1, 2, 3].map((i) => plain.core.calculateRetryDelay(i))).toEqual([
      1_000, 2_000, 4_000, 4_000,
    ]);
    const a = coreHarness({ retry: { jitter: "full" } });
    const b = coreHarness({ retry: { jitter: "full" } });
    const da = [1, 2, 3].map((i) => a.core.calculateRetryDelay(i));
    expect(da).toEqual([1, 2, 3].map((i) => b.core.calculateRetryDelay(i))); // same seed, same delays
    da.forEach((d, i) => expect(d).toBeLessThanOrEqual(10_000 * 2 ** (i + 1)));
  });

  it("takes a completion threshold: a partial below it is a validation failure", () => {
    const h = coreHarness({ completionThresholdPercent: 50 });
    h.core.registerJob("j", [{ sheetNum: 1, instrument: "a" }]);
    const [d] = h.run();
    h.send(h.result(d!, { validationsTotal: 4, validationsPassed: 1, validationPassRate: 25 }));
    const s = h.core.getSheetState("j", 1)!;
    expect([s.normalAttempts, s.completionAttempts]).toEqual([1, 0]);
  });

  it("takes the global ceiling as an option and rejects bad numbers", () => {
    const h = coreHarness({ maxConcurrentSheets: 1 });
    h.core.registerJob(
      "j",
      [1, 2].map((n) => ({ sheetNum: n, instrument: "a" })),
    );
    expect(h.run()).toHaveLength(1);
    expect(h.core.buildDispatchConfig().maxConcurrentSheets).toBe(1);
    expect(() => coreHarness({ escalationTimeoutMs: -1 })).toThrow(TypeError);
    expect(() => coreHarness({ maxConcurrentSheets: 1.5 })).toThrow(TypeError);
  });
});
