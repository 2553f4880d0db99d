import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBatonError } from "../../common/index.js";
import { checkpoint, checkpointArb, sheet } from "../../../test/support/checkpoint-fixtures.js";
import { retryDue } from "../events/sheet-events.js";
import { SHEET_STATUSES } from "../state/sheet-status.js";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint-codec.js";
import { SHEET_DEFAULTS, type Checkpoint } from "./checkpoint-types.js";

const SOURCE = "/tmp/jobs/job-1.json";

/** The error `fn` throws, checked to be E_CHECKPOINT_INVALID naming the source. */
function invalid(fn: () => unknown): { message: string; field: string | undefined } {
  try {
    fn();
  } catch (error) {
    if (!isBatonError(error)) throw error;
    expect(error.code).toBe("E_CHECKPOINT_INVALID");
    expect(error.message).toContain(SOURCE);
    expect(error.location?.file).toBe(SOURCE);
    return { message: error.message, field: error.location?.field };
  }
  throw new Error("expected decodeCheckpoint to throw");
}

/** An encoded checkpoint, parsed, for tests to break. */
interface Raw {
  [key: string]: unknown;
  sheets: Record<string, unknown>[];
  options: Record<string, unknown>;
  instruments: Record<string, unknown>;
}

/** Sheet `i` of a raw checkpoint. */
const at = (o: Raw, i: number): Record<string, unknown> => o.sheets[i] as Record<string, unknown>;

/** The encoded JSON of `cp` with `edit` applied to the parsed object. */
function edited(cp: Checkpoint, edit: (o: Raw) => void): string {
  const o = JSON.parse(encodeCheckpoint(cp)) as Raw;
  edit(o);
  return JSON.stringify(o);
}

describe("checkpoint codec (spec §9.3)", () => {
  it("round-trips losslessly and re-encodes identically (property)", () => {
    fc.assert(
      fc.property(checkpointArb, (cp) => {
        const text = encodeCheckpoint(cp);
        const back = decodeCheckpoint(text, SOURCE);
        expect(back).toEqual(cp);
        expect(encodeCheckpoint(back)).toBe(text);
        expect(encodeCheckpoint(decodeCheckpoint(encodeCheckpoint(back), SOURCE))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps zeros, fallback fields, the three counters and every status", () => {
    for (const status of SHEET_STATUSES) {
      const cp = checkpoint({
        sheets: [
          sheet(1, {
            status,
            normalAttempts: 2,
            completionAttempts: 4,
            healingAttempts: 1,
            totalCostUsd: 0,
            fallbackChain: ["a", "b"],
            currentInstrumentIndex: 2,
            fallbackAttempts: { claude: 3, a: 0 },
            instrumentFallbackHistory: [
              { from: "claude", to: "a", reason: "exhausted", timestampMs: 1_767_225_600_000 },
              { from: null, to: "b", reason: "unavailable", timestampMs: 0 },
            ],
          }),
        ],
      });
      expect(decodeCheckpoint(encodeCheckpoint(cp), SOURCE)).toEqual(cp);
    }
  });

  it("never writes attemptResults or other extras of a live record", () => {
    const live = { ...sheet(1), attemptResults: [{ costUsd: 1 }], dispatchedAt: 5, nextRetryAt: 9 };
    const text = encodeCheckpoint(checkpoint({ sheets: [live] }));
    expect(text).not.toContain("attemptResults");
    expect(text).not.toContain("dispatchedAt");
    expect(text).not.toContain("nextRetryAt");
  });

  it("fills missing optional fields with defaults", () => {
    const cp = decodeCheckpoint(
      JSON.stringify({ version: 1, jobId: "j", sheets: [{ sheetNum: 2 }] }),
      SOURCE,
    );
    expect(cp).toEqual({
      version: 1,
      jobId: "j",
      createdAtMs: 0,
      options: {
        escalationEnabled: false,
        selfHealingEnabled: false,
        pacingSeconds: 0,
        jobTimeoutSeconds: null,
        costLimitUsd: null,
        cronEntry: null,
      },
      pauseReasons: [],
      sheets: [
        {
          ...SHEET_DEFAULTS,
          sheetNum: 2,
          fallbackChain: [],
          fallbackAttempts: {},
          instrumentFallbackHistory: [],
        },
      ],
      instruments: { rateLimits: [], breakers: [] },
      timers: [],
    });
  });

  it("ignores unknown keys everywhere", () => {
    const cp = checkpoint();
    const text = edited(cp, (o) => {
      o.extra = 1;
      at(o, 0).attemptCount = 7;
      o.options.future = true;
    });
    expect(decodeCheckpoint(text, SOURCE)).toEqual(cp);
  });

  it("sorts sheets, orders pause reasons canonically and drops duplicate reasons", () => {
    const text = edited(checkpoint({ sheets: [sheet(1), sheet(3)] }), (o) => {
      o.sheets.reverse();
      o.pauseReasons = ["resource", "user", "resource"];
    });
    const cp = decodeCheckpoint(text, SOURCE);
    expect(cp.sheets.map((s) => s.sheetNum)).toEqual([1, 3]);
    expect(cp.pauseReasons).toEqual(["user", "resource"]);
  });

  it("keeps only the last 50 fallback history entries", () => {
    const entry = (i: number) => ({
      from: `i${i}`,
      to: `i${i + 1}`,
      reason: "exhausted" as const,
      timestampMs: i,
    });
    const history = Array.from({ length: 60 }, (_, i) => entry(i));
    const cp = decodeCheckpoint(
      encodeCheckpoint(checkpoint({ sheets: [sheet(1, { instrumentFallbackHistory: history })] })),
      SOURCE,
    );
    expect(cp.sheets[0]?.instrumentFallbackHistory).toEqual(history.slice(10));
  });

  it("keeps the timers' events, keys and due order", () => {
    const a = { dueAtMs: 20, event: retryDue({ jobId: "job-1", sheetNum: 1 }, 5) };
    const b = { dueAtMs: 10, key: "retry:1", event: retryDue({ jobId: "job-1", sheetNum: 1 }, 6) };
    const cp = decodeCheckpoint(encodeCheckpoint(checkpoint({ timers: [a, b] })), SOURCE);
    expect(cp.timers).toEqual([b, a]);
  });

  describe("rejects, naming the file and the field", () => {
    const cp = checkpoint({ sheets: [sheet(1), sheet(2)] });
    const cases: [string, (o: Raw) => void, string][] = [
      ["an unknown status", (o) => (at(o, 1).status = "running"), "sheets[1].status"],
      ["a missing sheet number", (o) => delete at(o, 0).sheetNum, "sheets[0].sheetNum"],
      ["a repeated sheet number", (o) => (at(o, 1).sheetNum = 1), "sheets[1].sheetNum"],
      ["a negative counter", (o) => (at(o, 0).normalAttempts = -1), "sheets[0].normalAttempts"],
      ["a fractional counter", (o) => (at(o, 0).maxRetries = 1.5), "sheets[0].maxRetries"],
      ["a negative cost", (o) => (at(o, 0).totalCostUsd = -0.5), "sheets[0].totalCostUsd"],
      [
        "a string number",
        (o) => (at(o, 0).totalDurationSeconds = "3"),
        "sheets[0].totalDurationSeconds",
      ],
      [
        "an index past the chain",
        (o) => (at(o, 0).currentInstrumentIndex = 1),
        "sheets[0].currentInstrumentIndex",
      ],
      [
        "a bad fallback reason",
        (o) =>
          (at(o, 0).instrumentFallbackHistory = [
            { from: "a", to: "b", reason: "bored", timestampMs: 1 },
          ]),
        "sheets[0].instrumentFallbackHistory[0].reason",
      ],
      [
        "a bad fallbackAttempts count",
        (o) => (at(o, 0).fallbackAttempts = { a: -2 }),
        "sheets[0].fallbackAttempts.a",
      ],
      [
        "an unknown breaker phase",
        (o) => (o.instruments.breakers = [{ key: "x", phase: "ajar" }]),
        "instruments.breakers[0].phase",
      ],
      [
        "an open breaker without a recovery time",
        (o) => (o.instruments.breakers = [{ key: "x", phase: "open", openings: 1 }]),
        "instruments.breakers[0].recoverAtMs",
      ],
      [
        "a closed breaker with openings",
        (o) => (o.instruments.breakers = [{ key: "x", phase: "closed", openings: 2 }]),
        "instruments.breakers[0].openings",
      ],
      [
        "a rate limit on a bad key",
        (o) => (o.instruments.rateLimits = [{ key: ":m", expiresAtMs: 1 }]),
        "instruments.rateLimits[0].key",
      ],
      [
        "a repeated rate-limit key",
        (o) =>
          (o.instruments.rateLimits = [
            { key: "a", expiresAtMs: 1 },
            { key: "a", expiresAtMs: 2 },
          ]),
        "instruments.rateLimits[1].key",
      ],
      ["an unknown pause reason", (o) => (o.pauseReasons = ["user", "boredom"]), "pauseReasons[1]"],
      ["a negative pacing", (o) => (o.options.pacingSeconds = -1), "options.pacingSeconds"],
      [
        "an unknown event type",
        (o) => (o.timers = [{ dueAtMs: 1, event: { type: "Nap", timestamp: 1 } }]),
        "timers[0].event.type",
      ],
      [
        "a bad event field",
        (o) =>
          (o.timers = [
            { dueAtMs: 1, event: { type: "RetryDue", jobId: "j", sheetNum: 0, timestamp: 1 } },
          ]),
        "timers[0].event",
      ],
      [
        "a negative due time",
        (o) => (o.timers = [{ dueAtMs: -1, event: { type: "DispatchRetry", timestamp: 1 } }]),
        "timers[0].dueAtMs",
      ],
      ["a missing job id", (o) => delete o.jobId, "jobId"],
      ["another version", (o) => (o.version = 2), "version"],
      ["a sheets object", (o) => (o.sheets = {} as never), "sheets"],
    ];
    it.each(cases)("%s", (_what, edit, field) => {
      const error = invalid(() => decodeCheckpoint(edited(cp, edit), SOURCE));
      expect(error.field).toBe(field);
      expect(error.message).toContain(field);
    });

    it("text that is not JSON, or not an object", () => {
      expect(invalid(() => decodeCheckpoint("{", SOURCE)).message).toContain("not valid JSON");
      invalid(() => decodeCheckpoint("[]", SOURCE));
      invalid(() => decodeCheckpoint("null", SOURCE));
    });
  });

  it("keeps a '__proto__' instrument name as a plain key", () => {
    const text = edited(checkpoint(), (o) => {
      at(o, 0).fallbackAttempts = JSON.parse('{"__proto__": 2}') as unknown;
    });
    const counts = decodeCheckpoint(text, SOURCE).sheets[0]?.fallbackAttempts ?? {};
    expect(Object.getPrototypeOf(counts)).toBe(Object.prototype);
    expect(Object.entries(counts)).toEqual([["__proto__", 2]]);
  });
});
