import { FALLBACK_REASONS } from "../events/fallback-reason.js";
import { frozenJson } from "../events/json-value.js";
import { PAUSE_REASONS, type PauseReason } from "../events/pause-reason.js";
import { BREAKER_PHASES } from "../instruments/circuit-breaker.js";
import { parseInstrumentKey } from "../instruments/instrument-key.js";
import { SHEET_STATUSES } from "../state/sheet-status.js";
import { CheckpointReader, join, type Fields } from "./checkpoint-reader.js";
import {
  CHECKPOINT_VERSION,
  FALLBACK_HISTORY_CAP,
  JOB_OPTION_DEFAULTS,
  SHEET_DEFAULTS,
  type BreakerCheckpoint,
  type Checkpoint,
  type FallbackHistoryCheckpoint,
  type InstrumentsCheckpoint,
  type JobOptionsCheckpoint,
  type RateLimitCheckpoint,
  type SheetCheckpoint,
  type TimerCheckpoint,
} from "./checkpoint-types.js";
import { decodeA2A, type A2ACheckpoint } from "./a2a-checkpoint.js";
import { decodeEvent } from "./timer-event-codec.js";

/**
 * The JSON text of a checkpoint. Only the fields of the checkpoint types are written (a live
 * record's `attemptResults` or any other extra never leaks in); pause reasons, sheets and timers
 * are written in canonical order, so encoding what `decodeCheckpoint` returns is idempotent.
 */
export function encodeCheckpoint(cp: Checkpoint): string {
  return JSON.stringify({
    version: CHECKPOINT_VERSION,
    jobId: cp.jobId,
    createdAtMs: cp.createdAtMs,
    options: {
      escalationEnabled: cp.options.escalationEnabled,
      selfHealingEnabled: cp.options.selfHealingEnabled,
      pacingSeconds: cp.options.pacingSeconds,
      jobTimeoutSeconds: cp.options.jobTimeoutSeconds,
      costLimitUsd: cp.options.costLimitUsd,
      cronEntry: cp.options.cronEntry,
    },
    pauseReasons: canonicalPauseReasons(cp.pauseReasons),
    sheets: [...cp.sheets].sort((a, b) => a.sheetNum - b.sheetNum).map(sheetFields),
    instruments: {
      rateLimits: cp.instruments.rateLimits.map(({ key, expiresAtMs }) => ({ key, expiresAtMs })),
      breakers: cp.instruments.breakers.map((b) => ({
        key: b.key,
        phase: b.phase,
        consecutiveFailures: b.consecutiveFailures,
        openings: b.openings,
        recoverAtMs: b.recoverAtMs,
      })),
    },
    timers: inDueOrder(cp.timers).map((t) =>
      t.key === undefined
        ? { dueAtMs: t.dueAtMs, event: t.event }
        : { dueAtMs: t.dueAtMs, key: t.key, event: t.event },
    ),
    ...(cp.incarnation === undefined ? {} : { incarnation: cp.incarnation }),
    ...(cp.a2a === undefined ? {} : { a2a: cp.a2a }),
  });
}

/**
 * Reads and checks a checkpoint text; `source` (a file name) is named in every error. Unknown
 * statuses, breaker phases, pause reasons, event types or versions, wrong types and negative or
 * non-finite numbers throw E_CHECKPOINT_INVALID with the field; missing optional fields take
 * their defaults; unknown keys are ignored.
 */
export function decodeCheckpoint(text: string, source: string): Checkpoint {
  const r = new CheckpointReader(source);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    r.fail("", `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const top = r.object(parsed, "");
  const version = r.required(top, "version", "", (v, f) => r.count(v, f));
  if (version !== CHECKPOINT_VERSION)
    r.fail("version", `is ${version}; this Baton reads version ${CHECKPOINT_VERSION}`);
  const sheets = r
    .required(top, "sheets", "", (v, f) => r.array(v, f))
    .map((s, i) => decodeSheet(r, s, `sheets[${i}]`));
  const seen = new Set<number>();
  sheets.forEach((s, i) => {
    if (seen.has(s.sheetNum))
      r.fail(`sheets[${i}].sheetNum`, `sheet ${s.sheetNum} is listed twice`);
    seen.add(s.sheetNum);
  });
  const incarnation = r.optional<number | undefined>(
    top,
    "incarnation",
    "",
    (v, f) => r.count(v, f),
    undefined,
  );
  const a2a = r.optional<A2ACheckpoint | undefined>(
    top,
    "a2a",
    "",
    (v, f) => decodeA2A(r, v, f),
    undefined,
  );
  return {
    ...(incarnation === undefined ? {} : { incarnation }),
    ...(a2a === undefined ? {} : { a2a }),
    version: CHECKPOINT_VERSION,
    jobId: r.required(top, "jobId", "", (v, f) => r.name(v, f)),
    createdAtMs: r.optional(top, "createdAtMs", "", (v, f) => r.amount(v, f), 0),
    options: r.optional(top, "options", "", (v, f) => decodeOptions(r, v, f), JOB_OPTION_DEFAULTS),
    pauseReasons: r.optional(
      top,
      "pauseReasons",
      "",
      (v, f) =>
        canonicalPauseReasons(r.array(v, f).map((p, i) => r.oneOf(p, PAUSE_REASONS, `${f}[${i}]`))),
      [],
    ),
    sheets: sheets.sort((a, b) => a.sheetNum - b.sheetNum),
    instruments: r.optional(top, "instruments", "", (v, f) => decodeInstruments(r, v, f), {
      rateLimits: [],
      breakers: [],
    }),
    timers: r.optional(
      top,
      "timers",
      "",
      (v, f) => inDueOrder(r.array(v, f).map((t, i) => decodeTimer(r, t, `${f}[${i}]`))),
      [],
    ),
  };
}

/** Pause reasons each once, in the order of PAUSE_REASONS. */
export function canonicalPauseReasons(reasons: Iterable<PauseReason>): PauseReason[] {
  const set = new Set(reasons);
  return PAUSE_REASONS.filter((p) => set.has(p));
}

function inDueOrder(timers: readonly TimerCheckpoint[]): TimerCheckpoint[] {
  return [...timers].sort((a, b) => a.dueAtMs - b.dueAtMs); // stable: FIFO on ties is kept
}

function sheetFields(s: SheetCheckpoint): SheetCheckpoint {
  return {
    sheetNum: s.sheetNum,
    status: s.status,
    instrumentName: s.instrumentName,
    model: s.model,
    maxRetries: s.maxRetries,
    maxCompletion: s.maxCompletion,
    normalAttempts: s.normalAttempts,
    completionAttempts: s.completionAttempts,
    healingAttempts: s.healingAttempts,
    totalCostUsd: s.totalCostUsd,
    totalDurationSeconds: s.totalDurationSeconds,
    fallbackChain: [...s.fallbackChain],
    currentInstrumentIndex: s.currentInstrumentIndex,
    fallbackAttempts: Object.fromEntries(Object.entries(s.fallbackAttempts)),
    instrumentFallbackHistory: s.instrumentFallbackHistory
      .slice(-FALLBACK_HISTORY_CAP)
      .map(({ from, to, reason, timestampMs }) => ({ from, to, reason, timestampMs })),
    sheetTimeoutSeconds: s.sheetTimeoutSeconds,
    errorMessage: s.errorMessage,
    errorCode: s.errorCode,
    validationPassed: s.validationPassed,
    validationDetails: s.validationDetails,
    ...(s.attemptSeq === undefined ? {} : { attemptSeq: s.attemptSeq }),
  };
}

function decodeSheet(r: CheckpointReader, value: unknown, path: string): SheetCheckpoint {
  const o = r.object(value, path);
  const D = SHEET_DEFAULTS;
  const count = (key: keyof typeof D): number =>
    r.optional(o, key, path, (v, f) => r.count(v, f), D[key] as number);
  const amount = (key: keyof typeof D): number =>
    r.optional(o, key, path, (v, f) => r.amount(v, f), D[key] as number);
  const nullableString = (key: keyof typeof D): string | null =>
    r.optional(o, key, path, (v, f) => r.nullableString(v, f), null);
  const fallbackChain = r.optional(
    o,
    "fallbackChain",
    path,
    (v, f) => r.array(v, f).map((x, i) => r.name(x, `${f}[${i}]`)),
    [],
  );
  const currentInstrumentIndex = count("currentInstrumentIndex");
  if (currentInstrumentIndex > fallbackChain.length)
    r.fail(
      join(path, "currentInstrumentIndex"),
      `is ${currentInstrumentIndex}, past the end of a fallback chain of ${fallbackChain.length}`,
    );
  const attemptSeq = r.optional<number | undefined>(
    o,
    "attemptSeq",
    path,
    (v, f) => r.count(v, f),
    undefined,
  );
  return {
    ...(attemptSeq === undefined ? {} : { attemptSeq }),
    sheetNum: r.required(o, "sheetNum", path, (v, f) => r.positive(v, f)),
    status: r.optional(o, "status", path, (v, f) => r.oneOf(v, SHEET_STATUSES, f), D.status),
    instrumentName: r.optional(o, "instrumentName", path, (v, f) => r.nullableName(v, f), null),
    model: r.optional(o, "model", path, (v, f) => r.nullableName(v, f), null),
    maxRetries: count("maxRetries"),
    maxCompletion: count("maxCompletion"),
    normalAttempts: count("normalAttempts"),
    completionAttempts: count("completionAttempts"),
    healingAttempts: count("healingAttempts"),
    totalCostUsd: amount("totalCostUsd"),
    totalDurationSeconds: amount("totalDurationSeconds"),
    fallbackChain,
    currentInstrumentIndex,
    fallbackAttempts: r.optional(o, "fallbackAttempts", path, (v, f) => decodeCounts(r, v, f), {}),
    instrumentFallbackHistory: r.optional(
      o,
      "instrumentFallbackHistory",
      path,
      (v, f) =>
        r
          .array(v, f)
          .map((h, i) => decodeHistoryEntry(r, h, `${f}[${i}]`))
          .slice(-FALLBACK_HISTORY_CAP),
      [],
    ),
    sheetTimeoutSeconds: amount("sheetTimeoutSeconds"),
    errorMessage: nullableString("errorMessage"),
    errorCode: nullableString("errorCode"),
    validationPassed: r.optional(
      o,
      "validationPassed",
      path,
      (v, f) => r.nullableBoolean(v, f),
      null,
    ),
    validationDetails: r.optional(o, "validationDetails", path, (v, f) => frozenJson(v, f), null),
  };
}

function decodeCounts(r: CheckpointReader, value: unknown, path: string): Record<string, number> {
  // fromEntries defines own properties, so a "__proto__" instrument name stays a plain key.
  return Object.fromEntries(
    Object.entries(r.object(value, path)).map(([k, v]) => [k, r.count(v, `${path}.${k}`)]),
  );
}

function decodeHistoryEntry(
  r: CheckpointReader,
  value: unknown,
  path: string,
): FallbackHistoryCheckpoint {
  const o = r.object(value, path);
  return {
    from: r.optional(o, "from", path, (v, f) => r.nullableString(v, f), null),
    to: r.required(o, "to", path, (v, f) => r.name(v, f)),
    reason: r.required(o, "reason", path, (v, f) => r.oneOf(v, FALLBACK_REASONS, f)),
    timestampMs: r.required(o, "timestampMs", path, (v, f) => r.amount(v, f)),
  };
}

function decodeOptions(r: CheckpointReader, value: unknown, path: string): JobOptionsCheckpoint {
  const o = r.object(value, path);
  const D = JOB_OPTION_DEFAULTS;
  return {
    escalationEnabled: r.optional(
      o,
      "escalationEnabled",
      path,
      (v, f) => r.boolean(v, f),
      D.escalationEnabled,
    ),
    selfHealingEnabled: r.optional(
      o,
      "selfHealingEnabled",
      path,
      (v, f) => r.boolean(v, f),
      D.selfHealingEnabled,
    ),
    pacingSeconds: r.optional(o, "pacingSeconds", path, (v, f) => r.amount(v, f), D.pacingSeconds),
    jobTimeoutSeconds: r.optional(
      o,
      "jobTimeoutSeconds",
      path,
      (v, f) => r.nullableAmount(v, f),
      null,
    ),
    costLimitUsd: r.optional(o, "costLimitUsd", path, (v, f) => r.nullableAmount(v, f), null),
    cronEntry: r.optional(o, "cronEntry", path, (v, f) => r.nullableName(v, f), null),
  };
}

function decodeInstruments(
  r: CheckpointReader,
  value: unknown,
  path: string,
): InstrumentsCheckpoint {
  const o = r.object(value, path);
  const rateLimits = r.optional(
    o,
    "rateLimits",
    path,
    (v, f) => r.array(v, f).map((x, i) => decodeRateLimit(r, x, `${f}[${i}]`)),
    [],
  );
  const breakers = r.optional(
    o,
    "breakers",
    path,
    (v, f) => r.array(v, f).map((x, i) => decodeBreaker(r, x, `${f}[${i}]`)),
    [],
  );
  unique(r, rateLimits, `${path}.rateLimits`);
  unique(r, breakers, `${path}.breakers`);
  return { rateLimits, breakers };
}

function unique(r: CheckpointReader, items: readonly { key: string }[], path: string): void {
  const seen = new Set<string>();
  items.forEach(({ key }, i) => {
    if (seen.has(key)) r.fail(`${path}[${i}].key`, `'${key}' is listed twice`);
    seen.add(key);
  });
}

function instrumentKeyField(r: CheckpointReader, value: unknown, field: string): string {
  const key = r.name(value, field);
  try {
    parseInstrumentKey(key);
  } catch (error) {
    r.fail(field, error instanceof Error ? error.message : String(error));
  }
  return key;
}

function decodeRateLimit(r: CheckpointReader, value: unknown, path: string): RateLimitCheckpoint {
  const o = r.object(value, path);
  return {
    key: r.required(o, "key", path, (v, f) => instrumentKeyField(r, v, f)),
    expiresAtMs: r.required(o, "expiresAtMs", path, (v, f) => r.amount(v, f)),
  };
}

function decodeBreaker(r: CheckpointReader, value: unknown, path: string): BreakerCheckpoint {
  const o = r.object(value, path);
  const b: BreakerCheckpoint = {
    key: r.required(o, "key", path, (v, f) => instrumentKeyField(r, v, f)),
    phase: r.required(o, "phase", path, (v, f) => r.oneOf(v, BREAKER_PHASES, f)),
    consecutiveFailures: r.optional(o, "consecutiveFailures", path, (v, f) => r.count(v, f), 0),
    openings: r.optional(o, "openings", path, (v, f) => r.count(v, f), 0),
    recoverAtMs: r.optional(o, "recoverAtMs", path, (v, f) => r.nullableAmount(v, f), null),
  };
  // The same consistency rules CircuitBreakers.restore enforces, reported here by field.
  if (b.phase === "closed" && b.openings !== 0)
    r.fail(join(path, "openings"), "a closed breaker has no openings to remember");
  if ((b.phase === "open") !== (b.recoverAtMs !== null))
    r.fail(join(path, "recoverAtMs"), "an open breaker, and only an open one, has a recovery time");
  return b;
}

function decodeTimer(r: CheckpointReader, value: unknown, path: string): TimerCheckpoint {
  const o: Fields = r.object(value, path);
  const dueAtMs = r.required(o, "dueAtMs", path, (v, f) => r.amount(v, f));
  const event = r.required(o, "event", path, (v, f) => decodeEvent(r, v, f));
  const key = r.optional<string | undefined>(o, "key", path, (v, f) => r.name(v, f), undefined);
  return key === undefined ? { dueAtMs, event } : { dueAtMs, key, event };
}
