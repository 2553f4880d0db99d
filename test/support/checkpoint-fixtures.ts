import fc from "fast-check";
import type {
  BreakerCheckpoint,
  Checkpoint,
  RateLimitCheckpoint,
  SheetCheckpoint,
  TimerCheckpoint,
} from "../../src/core/checkpoint/checkpoint-types.js";
import { SHEET_DEFAULTS } from "../../src/core/checkpoint/checkpoint-types.js";
import { FALLBACK_REASONS } from "../../src/core/events/fallback-reason.js";
import {
  circuitBreakerRecovery,
  rateLimitExpired,
} from "../../src/core/events/instrument-events.js";
import { jobTimeout, pacingComplete } from "../../src/core/events/job-events.js";
import { PAUSE_REASONS } from "../../src/core/events/pause-reason.js";
import { escalationTimeout } from "../../src/core/events/escalation-events.js";
import { retryDue, staleCheck } from "../../src/core/events/sheet-events.js";
import { SHEET_STATUSES } from "../../src/core/state/sheet-status.js";

// Checkpoints for codec, recovery and store tests: a hand-made one and a fast-check arbitrary.

/** A sheet record with defaults and `overrides`. */
export function sheet(sheetNum: number, overrides: Partial<SheetCheckpoint> = {}): SheetCheckpoint {
  return {
    ...SHEET_DEFAULTS,
    sheetNum,
    instrumentName: "claude",
    fallbackChain: [],
    fallbackAttempts: {},
    instrumentFallbackHistory: [],
    ...overrides,
  };
}

/** A checkpoint of `jobId` with `sheets` and no pauses, instruments or timers, unless overridden. */
export function checkpoint(overrides: Partial<Checkpoint> = {}): Checkpoint {
  return {
    version: 1,
    jobId: "job-1",
    createdAtMs: 1_700_000_000_000,
    options: {
      escalationEnabled: false,
      selfHealingEnabled: false,
      pacingSeconds: 0,
      jobTimeoutSeconds: null,
      costLimitUsd: null,
      cronEntry: null,
    },
    pauseReasons: [],
    sheets: [sheet(1)],
    instruments: { rateLimits: [], breakers: [] },
    timers: [],
    ...overrides,
  };
}

const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
const ms = fc.integer({ min: 0, max: 4_000_000_000_000 });
const amount = fc.oneof(
  fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.constant(0),
);
const count = fc.nat({ max: 1000 });
const json: fc.Arbitrary<unknown> = fc
  .jsonValue()
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown);

const sheetArb = (sheetNum: number): fc.Arbitrary<SheetCheckpoint> =>
  fc
    .record({
      chain: fc.array(name, { maxLength: 4 }),
      status: fc.constantFrom(...SHEET_STATUSES),
      instrumentName: fc.option(name, { nil: null }),
      model: fc.option(name, { nil: null }),
      maxRetries: count,
      maxCompletion: count,
      normalAttempts: count,
      completionAttempts: count,
      healingAttempts: fc.nat({ max: 1 }),
      totalCostUsd: amount,
      totalDurationSeconds: amount,
      index: fc.nat({ max: 4 }),
      fallbackAttempts: fc.dictionary(fc.string({ maxLength: 6 }), count, { maxKeys: 3 }),
      history: fc.array(
        fc.record({
          from: fc.option(name, { nil: null }),
          to: name,
          reason: fc.constantFrom(...FALLBACK_REASONS),
          timestampMs: ms,
        }),
        { maxLength: 50 },
      ),
      sheetTimeoutSeconds: amount,
      errorMessage: fc.option(fc.string(), { nil: null }),
      errorCode: fc.option(fc.constantFrom("E999", "E502", "E505"), { nil: null }),
      validationPassed: fc.option(fc.boolean(), { nil: null }),
      validationDetails: json,
    })
    .map((r) => ({
      sheetNum,
      status: r.status,
      instrumentName: r.instrumentName,
      model: r.model,
      maxRetries: r.maxRetries,
      maxCompletion: r.maxCompletion,
      normalAttempts: r.normalAttempts,
      completionAttempts: r.completionAttempts,
      healingAttempts: r.healingAttempts,
      totalCostUsd: r.totalCostUsd,
      totalDurationSeconds: r.totalDurationSeconds,
      fallbackChain: r.chain,
      currentInstrumentIndex: Math.min(r.index, r.chain.length),
      fallbackAttempts: r.fallbackAttempts,
      instrumentFallbackHistory: r.history,
      sheetTimeoutSeconds: r.sheetTimeoutSeconds,
      errorMessage: r.errorMessage,
      errorCode: r.errorCode,
      validationPassed: r.validationPassed,
      validationDetails: r.validationDetails as SheetCheckpoint["validationDetails"],
    }));

const rateLimitArb: fc.Arbitrary<RateLimitCheckpoint> = fc.record({
  key: fc.oneof(
    name,
    fc.tuple(name, name).map(([i, m]) => `${i}:${m}`),
  ),
  expiresAtMs: ms,
});

const breakerArb: fc.Arbitrary<BreakerCheckpoint> = fc
  .record({
    key: name,
    phase: fc.constantFrom("closed", "open", "half_open" as const),
    consecutiveFailures: count,
    openings: fc.nat({ max: 10 }),
    at: ms,
  })
  .map(({ key, phase, consecutiveFailures, openings, at }) => ({
    key,
    phase,
    consecutiveFailures,
    openings: phase === "closed" ? 0 : openings,
    recoverAtMs: phase === "open" ? at : null,
  }));

const timerArb = (jobId: string): fc.Arbitrary<TimerCheckpoint> =>
  fc
    .record({
      dueAtMs: ms,
      at: ms,
      sheetNum: fc.integer({ min: 1, max: 20 }),
      instrument: name,
      model: fc.option(name, { nil: null }),
      kind: fc.nat({ max: 6 }),
      key: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }),
    })
    .map(({ dueAtMs, at, sheetNum, instrument, model, kind, key }) => {
      const event = [
        () => retryDue({ jobId, sheetNum }, at),
        () => staleCheck({ jobId, sheetNum, attemptId: "a-1" }, at),
        () => rateLimitExpired({ instrument, model }, at),
        () => circuitBreakerRecovery({ instrument }, at),
        () => pacingComplete({ jobId }, at),
        () => jobTimeout({ jobId }, at),
        () => escalationTimeout({ jobId, sheetNum }, at),
      ][kind]!();
      return key === undefined ? { dueAtMs, event } : { dueAtMs, key, event };
    });

const uniqueByKey = <T extends { key: string }>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
  fc.uniqueArray(arb, { selector: (x) => x.key, maxLength: 4 });

/** Any valid checkpoint, in the canonical form `decodeCheckpoint` returns. */
export const checkpointArb: fc.Arbitrary<Checkpoint> = fc
  .record({
    jobId: fc.string({ minLength: 1, maxLength: 12 }),
    createdAtMs: ms,
    options: fc.record({
      escalationEnabled: fc.boolean(),
      selfHealingEnabled: fc.boolean(),
      pacingSeconds: amount,
      jobTimeoutSeconds: fc.option(amount, { nil: null }),
      costLimitUsd: fc.option(amount, { nil: null }),
      cronEntry: fc.option(name, { nil: null }),
    }),
    pauseReasons: fc.subarray([...PAUSE_REASONS]),
    sheetNums: fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { maxLength: 6 }),
    rateLimits: uniqueByKey(rateLimitArb),
    breakers: uniqueByKey(breakerArb),
  })
  .chain((r) =>
    fc
      .record({
        sheets: fc.tuple(...[...r.sheetNums].sort((a, b) => a - b).map(sheetArb)),
        timers: fc.array(timerArb(r.jobId), { maxLength: 5 }),
      })
      .map(({ sheets, timers }) => ({
        version: 1 as const,
        jobId: r.jobId,
        createdAtMs: r.createdAtMs,
        options: r.options,
        pauseReasons: r.pauseReasons,
        sheets,
        instruments: { rateLimits: r.rateLimits, breakers: r.breakers },
        timers: [...timers].sort((a, b) => a.dueAtMs - b.dueAtMs),
      })),
  );
