import type { BatonEvent } from "../events/baton-event.js";
import type { JsonValue } from "../events/json-value.js";
import type { PauseReason } from "../events/pause-reason.js";
import type { BreakerPhase } from "../instruments/circuit-breaker.js";
import { DEFAULT_MAX_COMPLETION, DEFAULT_MAX_RETRIES } from "../retry/defaults.js";
import type { FallbackReason } from "../retry/fallback-reason.js";
import type { SheetStatus } from "../state/sheet-status.js";
import type { A2ACheckpoint } from "./a2a-checkpoint.js";

// The checkpoint of one job as plain JSON (spec §9.1, with the [RECOMMEND] fixes of §9.4 and
// §13.2): real retry counters, pause reasons, instrument health and pending timers, every time
// as wall-clock epoch ms so it means the same thing after a restart. The core's live records
// are mapped to and from these types; nothing here is shared with the running state.

/** The format version this code writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** History entries kept per sheet (spec §1.3.1, Appendix A). */
export const FALLBACK_HISTORY_CAP = 50;

/** One move along a sheet's fallback chain (spec §1.7). */
export interface FallbackHistoryCheckpoint {
  /** The instrument left; null when the sheet had none. */
  readonly from: string | null;
  readonly to: string;
  readonly reason: FallbackReason;
  /** Wall-clock epoch ms (the reference's ISO string; the pure core has no Date). */
  readonly timestampMs: number;
}

/** The persisted fields of one sheet (spec §1.3.1); `attemptResults` is never saved. */
export interface SheetCheckpoint {
  readonly sheetNum: number;
  readonly status: SheetStatus;
  /** The current instrument (changes on fallback). */
  readonly instrumentName: string | null;
  readonly model: string | null;
  readonly maxRetries: number;
  readonly maxCompletion: number;
  readonly normalAttempts: number;
  readonly completionAttempts: number;
  readonly healingAttempts: number;
  readonly totalCostUsd: number;
  readonly totalDurationSeconds: number;
  /** Fallback instruments, primary excluded. */
  readonly fallbackChain: readonly string[];
  /** Index of the next fallback to use, 0 … fallbackChain.length. */
  readonly currentInstrumentIndex: number;
  /** `normalAttempts` of each abandoned instrument when it was abandoned. */
  readonly fallbackAttempts: Readonly<Record<string, number>>;
  /** The last FALLBACK_HISTORY_CAP moves, oldest first. */
  readonly instrumentFallbackHistory: readonly FallbackHistoryCheckpoint[];
  readonly sheetTimeoutSeconds: number;
  readonly errorMessage: string | null;
  /** Non-null on a SKIPPED sheet means cascade-blocked (spec §7.1). */
  readonly errorCode: string | null;
  readonly validationPassed: boolean | null;
  readonly validationDetails: JsonValue;
  /**
   * Dispatches so far (attempt ids derive from it, so they never repeat for the sheet across a
   * restart). Optional: checkpoints written before it existed load without it (0).
   */
  readonly attemptSeq?: number;
}

/** Registration options of a job (spec §7.7, plus the core's extras; null = not set). */
export interface JobOptionsCheckpoint {
  readonly escalationEnabled: boolean;
  readonly selfHealingEnabled: boolean;
  /** Pause between sheets, in seconds (≥ 0). */
  readonly pacingSeconds: number;
  /** Wall-clock limit of the job in seconds, or null for the core's default. */
  readonly jobTimeoutSeconds: number | null;
  /** Job cost limit in USD, or null for none. */
  readonly costLimitUsd: number | null;
  /** The cron entry this run belongs to, or null. */
  readonly cronEntry: string | null;
}

/** A rate limit on `instrument` or `instrument:model`, expiring at a wall-clock time. */
export interface RateLimitCheckpoint {
  readonly key: string;
  readonly expiresAtMs: number;
}

/** A circuit breaker that is not pristine CLOSED; `recoverAtMs` is set iff OPEN. */
export interface BreakerCheckpoint {
  readonly key: string;
  readonly phase: BreakerPhase;
  readonly consecutiveFailures: number;
  readonly openings: number;
  readonly recoverAtMs: number | null;
}

/** Instrument health worth keeping across a restart. */
export interface InstrumentsCheckpoint {
  readonly rateLimits: readonly RateLimitCheckpoint[];
  readonly breakers: readonly BreakerCheckpoint[];
}

/** One pending timer, from the timer wheel's snapshot; `key` is omitted when it has none. */
export interface TimerCheckpoint {
  readonly dueAtMs: number;
  readonly event: BatonEvent;
  readonly key?: string;
}

/** Everything saved about one job. */
export interface Checkpoint {
  readonly version: typeof CHECKPOINT_VERSION;
  readonly jobId: string;
  /** Wall-clock epoch ms of the job's registration. */
  readonly createdAtMs: number;
  readonly options: JobOptionsCheckpoint;
  /** Why the job is paused, sorted, each once; empty when it runs. */
  readonly pauseReasons: readonly PauseReason[];
  /** Ascending sheet numbers, each once. */
  readonly sheets: readonly SheetCheckpoint[];
  readonly instruments: InstrumentsCheckpoint;
  /** In due order. */
  readonly timers: readonly TimerCheckpoint[];
  /**
   * How many times the job was restored from a checkpoint: part of every attempt id after a
   * restore, so an attempt started after the last durable save can never share its id with a
   * new one. Optional: absent means 0.
   */
  readonly incarnation?: number;
  /** Open tasks sent to the job and outcomes of tasks it delegated (spec §10); absent: none. */
  readonly a2a?: A2ACheckpoint;
}

/** Defaults of a sheet field missing from a checkpoint (spec §1.3.1, Appendix A). */
export const SHEET_DEFAULTS = {
  status: "pending",
  instrumentName: null,
  model: null,
  maxRetries: DEFAULT_MAX_RETRIES,
  maxCompletion: DEFAULT_MAX_COMPLETION,
  normalAttempts: 0,
  completionAttempts: 0,
  healingAttempts: 0,
  totalCostUsd: 0,
  totalDurationSeconds: 0,
  currentInstrumentIndex: 0,
  sheetTimeoutSeconds: 1800,
  errorMessage: null,
  errorCode: null,
  validationPassed: null,
  validationDetails: null,
} as const satisfies Partial<SheetCheckpoint>;

/** Defaults of job options missing from a checkpoint (spec §7.7). */
export const JOB_OPTION_DEFAULTS: JobOptionsCheckpoint = {
  escalationEnabled: false,
  selfHealingEnabled: false,
  pacingSeconds: 0,
  jobTimeoutSeconds: null,
  costLimitUsd: null,
  cronEntry: null,
};
