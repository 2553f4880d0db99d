import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkpoint, sheet } from "../../../test/support/checkpoint-fixtures.js";
import { escalationTimeout } from "../events/escalation-events.js";
import { circuitBreakerRecovery, rateLimitExpired } from "../events/instrument-events.js";
import { jobTimeout, pacingComplete } from "../events/job-events.js";
import { retryDue, staleCheck } from "../events/sheet-events.js";
import {
  isSatisfying,
  isTerminal,
  SHEET_STATUSES,
  type SheetStatus,
} from "../state/sheet-status.js";
import type { SheetCheckpoint } from "./checkpoint-types.js";
import { recoverJob, type RecoveryConfig, type RecoverySheetConfig } from "./recover-job.js";

const NOW = 1_800_000_000_000;

function config(
  nums: number[],
  deps: [number, number[]][] = [],
  extra: Partial<RecoverySheetConfig> = {},
): RecoveryConfig {
  return {
    sheets: nums.map((sheetNum) => ({ sheetNum, instrument: "claude", ...extra })),
    dependencies: new Map(deps),
  };
}

function statusOf(sheets: readonly SheetCheckpoint[], n: number): SheetStatus | undefined {
  return sheets.find((s) => s.sheetNum === n)?.status;
}

describe("recoverJob (spec §9.4 with the §13.2 fixes)", () => {
  it.each(["dispatched", "in_progress", "waiting", "retry_scheduled", "fermata"] as const)(
    "puts a %s sheet back to pending",
    (status) => {
      const r = recoverJob(checkpoint({ sheets: [sheet(1, { status })] }), config([1]), NOW);
      expect(statusOf(r.sheets, 1)).toBe("pending");
      expect(r.reset).toEqual([1]);
    },
  );

  it.each(["pending", "ready", "completed", "failed", "skipped", "cancelled"] as const)(
    "keeps a %s sheet as it is",
    (status) => {
      const r = recoverJob(checkpoint({ sheets: [sheet(1, { status })] }), config([1]), NOW);
      expect(statusOf(r.sheets, 1)).toBe(status);
      expect(r.reset).toEqual([]);
    },
  );

  it("keeps a fermata whose escalation timeout was saved, with its timer and the escalation pause", () => {
    const timer = {
      dueAtMs: NOW + 60_000,
      event: escalationTimeout({ jobId: "job-1", sheetNum: 1 }, 1),
    };
    const r = recoverJob(
      checkpoint({
        sheets: [sheet(1, { status: "fermata" }), sheet(2, { status: "fermata" })],
        pauseReasons: ["escalation"],
        timers: [timer],
      }),
      config([1, 2]),
      NOW,
    );
    expect(statusOf(r.sheets, 1)).toBe("fermata");
    expect(statusOf(r.sheets, 2)).toBe("pending");
    expect(r.timers).toEqual([timer]);
    expect(r.pauseReasons).toEqual(["escalation"]);
  });

  it("lifts the escalation pause when no fermata survives, and keeps every other pause reason", () => {
    const r = recoverJob(
      checkpoint({
        sheets: [sheet(1, { status: "fermata" })],
        pauseReasons: ["user", "cost", "escalation", "resource"],
      }),
      config([1]),
      NOW,
    );
    expect(r.pauseReasons).toEqual(["user", "cost", "resource"]);
  });

  it("restores the real retry counters, not a legacy attemptCount", () => {
    const saved = sheet(1, {
      status: "retry_scheduled",
      normalAttempts: 2,
      completionAttempts: 3,
      healingAttempts: 1,
    });
    const r = recoverJob(checkpoint({ sheets: [saved] }), config([1]), NOW);
    expect(r.sheets[0]).toMatchObject({
      normalAttempts: 2,
      completionAttempts: 3,
      healingAttempts: 1,
    });
  });

  it("keeps the fallback position and its counters when the chain is unchanged", () => {
    const saved = sheet(1, {
      status: "dispatched",
      instrumentName: "b",
      fallbackChain: ["a", "b"],
      currentInstrumentIndex: 2,
      normalAttempts: 1,
      fallbackAttempts: { claude: 3, a: 3 },
    });
    const r = recoverJob(
      checkpoint({ sheets: [saved] }),
      config([1], [], { fallbackChain: ["a", "b"] }),
      NOW,
    );
    expect(r.sheets[0]).toMatchObject({
      status: "pending",
      instrumentName: "b",
      currentInstrumentIndex: 2,
      normalAttempts: 1,
      fallbackAttempts: { claude: 3, a: 3 },
    });
  });

  it("restarts on the new primary with fresh normal and completion budgets when the chain changed", () => {
    const saved = sheet(1, {
      status: "waiting",
      instrumentName: "b",
      fallbackChain: ["a", "b"],
      currentInstrumentIndex: 2,
      normalAttempts: 2,
      completionAttempts: 1,
      healingAttempts: 1,
    });
    const r = recoverJob(
      checkpoint({ sheets: [saved] }),
      config([1], [], { instrument: "gpt", model: "m1", fallbackChain: ["c"] }),
      NOW,
    );
    expect(r.sheets[0]).toMatchObject({
      instrumentName: "gpt",
      model: "m1",
      fallbackChain: ["c"],
      currentInstrumentIndex: 0,
      normalAttempts: 0,
      completionAttempts: 0,
      healingAttempts: 1,
    });
  });

  it("treats a changed primary on the primary as a new route", () => {
    const saved = sheet(1, { instrumentName: "old", normalAttempts: 2 });
    const r = recoverJob(checkpoint({ sheets: [saved] }), config([1]), NOW);
    expect(r.sheets[0]).toMatchObject({ instrumentName: "claude", normalAttempts: 0 });
  });

  it("takes budgets, timeout and model from the config", () => {
    const saved = sheet(1, {
      maxRetries: 3,
      maxCompletion: 5,
      sheetTimeoutSeconds: 1800,
      model: "old",
    });
    const r = recoverJob(
      checkpoint({ sheets: [saved] }),
      config([1], [], { maxRetries: 7, maxCompletion: 2, timeoutSeconds: 60, model: "new" }),
      NOW,
    );
    expect(r.sheets[0]).toMatchObject({
      maxRetries: 7,
      maxCompletion: 2,
      sheetTimeoutSeconds: 60,
      model: "new",
    });
  });

  it("keeps the instrument a completed sheet ended on", () => {
    const saved = sheet(1, {
      status: "completed",
      instrumentName: "a",
      fallbackChain: ["a"],
      currentInstrumentIndex: 1,
    });
    const r = recoverJob(
      checkpoint({ sheets: [saved] }),
      config([1], [], { fallbackChain: ["z"] }),
      NOW,
    );
    expect(r.sheets[0]).toMatchObject({
      instrumentName: "a",
      fallbackChain: ["a"],
      currentInstrumentIndex: 1,
    });
  });

  it("starts config sheets missing from the checkpoint fresh and drops (and reports) the others", () => {
    const r = recoverJob(
      checkpoint({ sheets: [sheet(1, { status: "completed" }), sheet(9, { status: "failed" })] }),
      config([1, 2], [], { maxRetries: 4, fallbackChain: ["x"] }),
      NOW,
    );
    expect(r.added).toEqual([2]);
    expect(r.dropped).toEqual([9]);
    expect(r.sheets.map((s) => s.sheetNum)).toEqual([1, 2]);
    expect(r.sheets[1]).toMatchObject({
      status: "pending",
      instrumentName: "claude",
      maxRetries: 4,
      fallbackChain: ["x"],
      normalAttempts: 0,
      totalCostUsd: 0,
    });
  });

  describe("re-cascade (F-440)", () => {
    it("skips the in-flight child of a failed parent, transitively, with E999", () => {
      const r = recoverJob(
        checkpoint({
          sheets: [sheet(1, { status: "failed" }), sheet(2, { status: "in_progress" }), sheet(3)],
        }),
        config(
          [1, 2, 3],
          [
            [2, [1]],
            [3, [2]],
          ],
        ),
        NOW,
      );
      expect(r.cascaded).toEqual([2, 3]);
      expect(r.sheets[1]).toMatchObject({
        status: "skipped",
        errorCode: "E999",
        errorMessage: "Blocked by failed dependency: sheet 1",
      });
      expect(r.sheets[2]).toMatchObject({
        status: "skipped",
        errorMessage: "Blocked by failed dependency: sheet 2",
      });
    });

    it("never overwrites terminal dependents but walks through them", () => {
      const r = recoverJob(
        checkpoint({
          sheets: [sheet(1, { status: "failed" }), sheet(2, { status: "completed" }), sheet(3)],
        }),
        config(
          [1, 2, 3],
          [
            [2, [1]],
            [3, [2, 1]],
          ],
        ),
        NOW,
      );
      expect(statusOf(r.sheets, 2)).toBe("completed");
      expect(r.cascaded).toEqual([3]);
    });

    it("lets an intentional skip satisfy its dependents", () => {
      const r = recoverJob(
        checkpoint({ sheets: [sheet(1, { status: "skipped" }), sheet(2)] }),
        config([1, 2], [[2, [1]]]),
        NOW,
      );
      expect(r.cascaded).toEqual([]);
      expect(statusOf(r.sheets, 2)).toBe("pending");
    });

    it("blocks a new sheet that depends on a cancelled or cascade-skipped one", () => {
      const r = recoverJob(
        checkpoint({
          sheets: [
            sheet(1, { status: "cancelled" }),
            sheet(2, { status: "skipped", errorCode: "E999" }),
          ],
        }),
        config(
          [1, 2, 3, 4],
          [
            [3, [1]],
            [4, [2]],
          ],
        ),
        NOW,
      );
      expect(r.cascaded).toEqual([3, 4]);
    });

    it("leaves no zombie, keeps terminal sheets and is idempotent (property)", () => {
      const arb = fc.integer({ min: 1, max: 12 }).chain((n) =>
        fc.record({
          statuses: fc.array(fc.constantFrom(...SHEET_STATUSES), { minLength: n, maxLength: n }),
          codes: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
          edges: fc.array(
            fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n })),
            {
              maxLength: 3 * n,
            },
          ),
        }),
      );
      fc.assert(
        fc.property(arb, ({ statuses, codes, edges }) => {
          const n = statuses.length;
          const deps = new Map<number, number[]>();
          for (const [a, b] of edges) if (a > b) deps.set(a, [...(deps.get(a) ?? []), b]); // acyclic
          const saved = statuses.map((status, i) =>
            sheet(i + 1, { status, errorCode: codes[i] === true ? "E999" : null }),
          );
          const r = recoverJob(
            checkpoint({ sheets: saved }),
            config(
              Array.from({ length: n }, (_, i) => i + 1),
              [...deps],
            ),
            NOW,
          );
          const byNum = new Map(r.sheets.map((s) => [s.sheetNum, s]));
          for (const s of r.sheets) {
            const was = saved[s.sheetNum - 1] as SheetCheckpoint;
            if (isTerminal(was.status)) expect(s.status).toBe(was.status);
            expect([
              "dispatched",
              "in_progress",
              "waiting",
              "retry_scheduled",
              "fermata",
            ]).not.toContain(s.status);
            if (isTerminal(s.status)) continue;
            for (const d of deps.get(s.sheetNum) ?? []) {
              const dep = byNum.get(d) as SheetCheckpoint;
              expect(isTerminal(dep.status) && !isSatisfying(dep.status, dep.errorCode)).toBe(
                false,
              );
            }
          }
          // Recovering what recovery produced changes nothing (a second crash right after).
          const again = recoverJob(
            checkpoint({ sheets: r.sheets, pauseReasons: r.pauseReasons, timers: r.timers }),
            config(
              Array.from({ length: n }, (_, i) => i + 1),
              [...deps],
            ),
            NOW,
          );
          expect(again.sheets).toEqual(r.sheets);
          expect(again.reset).toEqual([]);
          expect(again.cascaded).toEqual([]);
        }),
      );
    });
  });

  describe("timers", () => {
    it("returns future timers to schedule and past ones to fire at once, in due order", () => {
      const late = { dueAtMs: NOW + 5_000, event: jobTimeout({ jobId: "job-1" }, 1) };
      const past2 = {
        dueAtMs: NOW - 10,
        key: "pace",
        event: pacingComplete({ jobId: "job-1" }, 2),
      };
      const past1 = { dueAtMs: NOW - 500, event: jobTimeout({ jobId: "job-1" }, 3) };
      const r = recoverJob(checkpoint({ timers: [past1, past2, late] }), config([1]), NOW);
      expect(r.timers).toEqual([late]);
      expect(r.dueNow).toEqual([past1.event, past2.event]);
      expect(r.pacingActive).toBe(true);
    });

    it("drops timers of reset sheets, of dropped sheets and of other jobs", () => {
      const timers = [
        { dueAtMs: NOW + 1, event: retryDue({ jobId: "job-1", sheetNum: 1 }, 1) },
        { dueAtMs: NOW + 2, event: staleCheck({ jobId: "job-1", sheetNum: 2 }, 1) },
        { dueAtMs: NOW + 3, event: escalationTimeout({ jobId: "job-1", sheetNum: 5 }, 1) },
        { dueAtMs: NOW + 4, event: jobTimeout({ jobId: "other" }, 1) },
      ];
      const r = recoverJob(
        checkpoint({
          sheets: [
            sheet(1, { status: "dispatched" }),
            sheet(2, { status: "dispatched" }),
            sheet(5, { status: "fermata" }),
          ],
          timers,
        }),
        config([1, 2]),
        NOW,
      );
      expect(r.reset).toEqual([1, 2]);
      expect(r.timers).toEqual([]);
      expect(r.dueNow).toEqual([]);
      expect(r.droppedTimers).toEqual(timers);
      expect(r.pacingActive).toBe(false);
    });

    it("keeps a RETRY_SCHEDULED sheet waiting for its saved backoff; without one it is PENDING", () => {
      const later = { dueAtMs: NOW + 5_000, event: retryDue({ jobId: "job-1", sheetNum: 1 }, 1) };
      const past = { dueAtMs: NOW - 1, event: retryDue({ jobId: "job-1", sheetNum: 2 }, 1) };
      const r = recoverJob(
        checkpoint({
          sheets: [1, 2, 3].map((n) => sheet(n, { status: "retry_scheduled" })),
          timers: [past, later],
        }),
        config([1, 2, 3]),
        NOW,
      );
      expect(r.sheets.map((s) => s.status)).toEqual([
        "retry_scheduled",
        "retry_scheduled",
        "pending",
      ]);
      expect(r.reset).toEqual([3]);
      expect(r.timers).toEqual([later]);
      expect(r.dueNow).toEqual([past.event]); // due already: retried at once
    });

    it("restores instrument state and re-arms missing expiry and recovery timers from it", () => {
      const instruments = {
        rateLimits: [
          { key: "claude", expiresAtMs: NOW + 30_000 },
          { key: "gpt:mini", expiresAtMs: NOW - 1 },
        ],
        breakers: [
          {
            key: "gpt",
            phase: "open" as const,
            consecutiveFailures: 5,
            openings: 1,
            recoverAtMs: NOW + 60_000,
          },
          {
            key: "x",
            phase: "half_open" as const,
            consecutiveFailures: 6,
            openings: 1,
            recoverAtMs: null,
          },
        ],
      };
      const saved = {
        dueAtMs: NOW + 30_000,
        key: "rl:claude",
        event: rateLimitExpired({ instrument: "claude" }, 1),
      };
      const r = recoverJob(checkpoint({ instruments, timers: [saved] }), config([1]), NOW);
      expect(r.instruments).toEqual(instruments);
      expect(r.dueNow).toEqual([rateLimitExpired({ instrument: "gpt", model: "mini" }, NOW - 1)]);
      expect(r.timers).toEqual([
        saved,
        {
          dueAtMs: NOW + 60_000,
          event: circuitBreakerRecovery({ instrument: "gpt" }, NOW + 60_000),
        },
      ]);
    });
  });

  it("merges config options over the saved ones and keeps createdAt", () => {
    const cp = checkpoint({
      options: {
        escalationEnabled: true,
        selfHealingEnabled: false,
        pacingSeconds: 5,
        jobTimeoutSeconds: 60,
        costLimitUsd: 2,
        cronEntry: null,
      },
    });
    const options = {
      pacingSeconds: 0,
      selfHealingEnabled: true,
      costLimitUsd: undefined,
      cronEntry: "nightly",
    };
    const r = recoverJob(cp, { ...config([1]), options }, NOW);
    expect(r.options).toEqual({
      escalationEnabled: true,
      selfHealingEnabled: true,
      pacingSeconds: 0,
      jobTimeoutSeconds: 60,
      costLimitUsd: 2,
      cronEntry: "nightly",
    });
    expect(r.createdAtMs).toBe(cp.createdAtMs);
    expect(r.jobId).toBe("job-1");
  });

  it("rejects a config whose dependencies are invalid (E_JOB_INVALID)", () => {
    expect(() =>
      recoverJob(
        checkpoint(),
        config(
          [1, 2],
          [
            [1, [2]],
            [2, [1]],
          ],
        ),
        NOW,
      ),
    ).toThrow(expect.objectContaining({ code: "E_JOB_INVALID" }));
  });
});
