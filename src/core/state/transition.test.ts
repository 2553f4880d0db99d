import { describe, expect, it } from "vitest";
import { coreHarness } from "../../../test/support/core-harness.js";
import { sheetSkipped } from "../index.js";

// The mutation funnel: terminal absorption, readiness counters and the failure cascade.

function chainDeps(n: number): Map<number, number[]> {
  return new Map(Array.from({ length: n - 1 }, (_, i) => [i + 2, [i + 1]]));
}

const sheets = (n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ sheetNum: i + 1, instrument: "a", ...extra }));

describe("transition funnel (spec §13.4)", () => {
  it("§12.1 #1: terminal statuses are absorbing (F-045: a late skip cannot change them)", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(1));
    const [d] = h.run();
    h.send(h.result(d!));
    h.send(sheetSkipped({ jobId: "j", sheetNum: 1, reason: "late" }, h.now()));
    expect(h.status("j", 1)).toBe("completed");
  });

  it("§12.1 #29/#30: a diamond join is ready only when both branches are done; a fan-out goes out together", () => {
    const h = coreHarness();
    h.core.registerInstrument("a", { maxConcurrent: 10 });
    h.core.registerJob(
      "j",
      sheets(4),
      new Map([
        [2, [1]],
        [3, [1]],
        [4, [2, 3]],
      ]),
    );
    const [d1] = h.run();
    const wave = h.send(h.result(d1!));
    expect(wave.map((d) => d.sheetNum)).toEqual([2, 3]);
    expect(h.send(h.result(wave[0]!))).toEqual([]);
    expect(h.core.getReadySheets("j")).toEqual([]);
    expect(h.send(h.result(wave[1]!)).map((d) => d.sheetNum)).toEqual([4]);
  });

  it("§12.1 #31: a failure skips exactly the unfinished transitive dependents (E999) of a 100-sheet chain", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(100, { maxRetries: 0 }), chainDeps(100));
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false }));
    expect(h.status("j", 1)).toBe("failed");
    for (let n = 2; n <= 100; n++) {
      const s = h.core.getSheetState("j", n)!;
      expect([s.status, s.errorCode]).toEqual(["skipped", "E999"]);
    }
    expect(h.core.getSheetState("j", 2)!.errorMessage).toBe(
      "Blocked by failed dependency: sheet 1",
    );
    expect(h.effectsOf("jobComplete")).toEqual([
      { kind: "jobComplete", jobId: "j", allSuccess: false },
    ]);
  });

  it("§12.1 #31: a fan-in sheet is skipped as soon as one input fails; completed siblings stay", () => {
    const h = coreHarness();
    h.core.registerInstrument("a", { maxConcurrent: 10 });
    h.core.registerJob("j", sheets(3, { maxRetries: 0 }), new Map([[3, [1, 2]]]));
    const [d1, d2] = h.run();
    h.send(h.result(d1!));
    h.send(h.result(d2!, { executionSuccess: false }));
    expect([h.status("j", 1), h.status("j", 2), h.status("j", 3)]).toEqual([
      "completed",
      "failed",
      "skipped",
    ]);
  });

  it("§12.1 #32: an intentional skip satisfies dependents; a cascade skip does not", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(2), new Map([[2, [1]]]));
    h.send(sheetSkipped({ jobId: "j", sheetNum: 1, reason: "skip_when" }, h.now()));
    expect(h.core.getSheetState("j", 1)!.errorCode).toBeNull();
    expect(h.dispatched.map((d) => d.sheetNum)).toEqual([2]);
  });

  it("§12.1 #33 F-440: registering with a FAILED sheet cascades at once (no zombie job)", () => {
    const h = coreHarness();
    h.core.registerJob(
      "j",
      [
        { sheetNum: 1, instrument: "a", status: "failed" as const },
        { sheetNum: 2, instrument: "a", status: "dispatched" as const },
        { sheetNum: 3, instrument: "a" },
      ],
      new Map([[2, [1]]]),
    );
    expect(h.status("j", 2)).toBe("skipped");
    expect(h.run().map((d) => d.sheetNum)).toEqual([3]);
  });

  it("§12.1 #60: a job with zero sheets is complete at once", () => {
    const h = coreHarness();
    h.core.registerJob("empty", []);
    expect(h.core.isJobComplete("empty")).toBe(true);
    expect(h.core.isJobComplete("unknown")).toBe(false);
    h.run();
    expect(h.effectsOf("jobComplete")).toEqual([
      { kind: "jobComplete", jobId: "empty", allSuccess: true },
    ]);
  });

  it("§13.2 completion semantics: an intentionally skipped sheet still counts as success", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(2));
    h.send(sheetSkipped({ jobId: "j", sheetNum: 1, reason: "start sheet" }, h.now()));
    h.send(h.result(h.dispatched.find((d) => d.sheetNum === 2)!));
    expect(h.effectsOf("jobComplete")).toEqual([
      { kind: "jobComplete", jobId: "j", allSuccess: true },
    ]);
  });

  it("persists each dirty job once per batch, and only dirty jobs", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(1));
    h.core.registerJob("k", sheets(1));
    const [dj] = h.run();
    h.effects.length = 0;
    h.send(h.result(dj!));
    expect(h.effectsOf("persist")).toEqual([{ kind: "persist", jobId: dj!.jobId, removed: false }]);
  });
});

describe("status-change records (spec §13.4 d)", () => {
  it("every transition is observed with from, to and the error code", () => {
    const h = coreHarness();
    h.core.registerJob("j", sheets(1, { maxRetries: 0 }));
    const [d] = h.run();
    h.send(h.result(d!, { executionSuccess: false }));
    const changes = h
      .effectsOf("observe")
      .filter((o) => o.event.name === "baton.sheet.status_changed")
      .map((o) => o.event.data);
    expect(changes).toEqual([
      { from: "pending", to: "dispatched", error_code: null },
      { from: "dispatched", to: "failed", error_code: "E999" },
    ]);
  });
});
