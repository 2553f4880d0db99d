import type { JsonValue } from "../events/json-value.js";
import type { SheetAttemptResult } from "../events/sheet-attempt-result.js";
import { DEFAULT_MAX_COMPLETION, DEFAULT_MAX_RETRIES } from "../retry/defaults.js";
import type { FallbackReason } from "../retry/fallback-reason.js";
import type { SheetBudget } from "../retry/sheet-budget.js";
import type { TimerHandle } from "../timers/timer-wheel.js";
import type { LinkedQueue, QueueLinks } from "../../common/index.js";
import type { SheetStatus } from "./sheet-status.js";

/** Per-sheet execution timeout when the score gives none: 1800 s (spec §1.3.1, Appendix A). */
export const DEFAULT_SHEET_TIMEOUT_SECONDS = 1800;
/** Fallback history entries kept per sheet (spec §1.3.1). */
export const FALLBACK_HISTORY_CAP = 50;
/** Attempt results kept in memory per sheet; the reference keeps all, we keep the recent ones. */
export const ATTEMPT_HISTORY_CAP = 20;

/** The counters a sheet keeps across a config reload or a restore from its checkpoint. */
export interface SheetCounters {
  readonly normalAttempts: number;
  readonly completionAttempts: number;
  readonly healingAttempts: number;
  readonly totalCostUsd: number;
  readonly totalDurationSeconds: number;
}

/** What a job registration says about one sheet (static config plus, on recovery, its status). */
export interface SheetSpec {
  readonly sheetNum: number;
  /** Primary instrument. */
  readonly instrument: string;
  readonly model?: string | null;
  readonly maxRetries?: number;
  readonly maxCompletion?: number;
  /** Fallback instruments in order, primary excluded. */
  readonly fallbackChain?: readonly string[];
  readonly timeoutSeconds?: number;
  /** Initial status (start-sheet pre-marking, recovery); default `pending`. */
  readonly status?: SheetStatus;
  /** Initial error code (a SKIPPED sheet with one is cascade-blocked). */
  readonly errorCode?: string | null;
}

/** One entry of a sheet's fallback history; `timestampMs` is wall-clock epoch ms. */
export interface FallbackHistoryEntry {
  readonly from: string | null;
  readonly to: string;
  readonly reason: FallbackReason;
  readonly timestampMs: number;
}

const NO_INSTRUMENTS: readonly string[] = Object.freeze([]);
const NO_HISTORY: readonly FallbackHistoryEntry[] = Object.freeze([]);
const NO_RESULTS: readonly SheetAttemptResult[] = Object.freeze([]);
const NO_COUNTS: ReadonlyMap<string, number> = new Map();

/**
 * The one record per sheet (spec §1.3): budgets, cost, fallback position, error fields and the
 * current attempt. `status` is written only by `state/transition.ts` (the mutation funnel).
 */
export class SheetState implements SheetBudget, QueueLinks<SheetState> {
  readonly sheetNum: number;
  status: SheetStatus;
  instrumentName: string;
  model: string | null;
  maxRetries: number;
  maxCompletion: number;
  normalAttempts = 0;
  completionAttempts = 0;
  healingAttempts = 0;
  totalCostUsd = 0;
  totalDurationSeconds = 0;
  fallbackChain: readonly string[];
  currentInstrumentIndex = 0;
  // Collections most sheets never use are created on first write (a job may hold 10⁶ sheets).
  #fallbackAttempts: Map<string, number> | null = null;
  #fallbackHistory: FallbackHistoryEntry[] | null = null;
  #attemptResults: SheetAttemptResult[] | null = null;
  sheetTimeoutSeconds: number;
  errorMessage: string | null = null;
  errorCode: string | null;
  /** Wall ms of the scheduled retry (informational). */
  nextRetryAt: number | null = null;
  /** Monotonic ms of the last dispatch. */
  dispatchedAt: number | null = null;
  /** Dispatches so far; the attempt id is derived from it, so ids never repeat for a sheet. */
  attemptSeq = 0;
  /** Restores of the job so far: part of attempt ids after a restore (see `nextAttemptId`). */
  incarnation = 0;
  /** Whether the last attempt passed its validations (null: none ran); persisted. */
  validationPassed: boolean | null = null;
  /** Validation details of the last attempt (null: none); persisted. */
  validationDetails: JsonValue = null;
  /** Id of the attempt in flight, or null: results carrying another id are ignored. */
  attemptId: string | null = null;
  /** Instrument of the concurrency slot held while DISPATCHED (released with the same key). */
  leaseInstrument: string | null = null;
  /** Model of that slot. */
  leaseModel: string | null = null;
  /** The attempt is the HALF_OPEN breaker's single probe. */
  leaseProbe = false;
  /**
   * The sheet's own timers (RetryDue, StaleCheck, EscalationTimeout), held as handles so a
   * transition cancels them in O(1) without a keyed lookup (see `CoreContext.scheduleSheet`).
   */
  // Links of the job's ready group the sheet sits in (see `JobRecord.addReady`).
  queuePrev: SheetState | null = null;
  queueNext: SheetState | null = null;
  queue: LinkedQueue<SheetState> | null = null;
  retryTimer: TimerHandle | null = null;
  staleTimer: TimerHandle | null = null;
  escalationTimer: TimerHandle | null = null;

  constructor(
    readonly jobId: string,
    spec: SheetSpec,
  ) {
    this.sheetNum = spec.sheetNum;
    this.status = spec.status ?? "pending";
    this.errorCode = spec.errorCode ?? null;
    this.instrumentName = spec.instrument;
    this.model = spec.model ?? null;
    this.maxRetries = spec.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.maxCompletion = spec.maxCompletion ?? DEFAULT_MAX_COMPLETION;
    const chain = spec.fallbackChain;
    this.fallbackChain = chain === undefined || chain.length === 0 ? NO_INSTRUMENTS : [...chain];
    this.sheetTimeoutSeconds = spec.timeoutSeconds ?? DEFAULT_SHEET_TIMEOUT_SECONDS;
  }

  /** The counters the retry helpers reason about: the sheet itself (read at once, not kept). */
  budget(): SheetBudget {
    return this;
  }

  get fallbacksLeft(): number {
    return this.fallbackChain.length - this.currentInstrumentIndex;
  }

  /** Normal attempts spent per instrument left behind by a fallback. */
  get fallbackAttempts(): ReadonlyMap<string, number> {
    return this.#fallbackAttempts ?? NO_COUNTS;
  }

  setFallbackAttempts(instrument: string, attempts: number): void {
    (this.#fallbackAttempts ??= new Map()).set(instrument, attempts);
  }

  /** Fallback moves, oldest first (at most 50). */
  get instrumentFallbackHistory(): readonly FallbackHistoryEntry[] {
    return this.#fallbackHistory ?? NO_HISTORY;
  }

  addFallbackHistory(entry: FallbackHistoryEntry): void {
    const history = (this.#fallbackHistory ??= []);
    history.push(entry);
    if (history.length > FALLBACK_HISTORY_CAP) history.shift();
  }

  /** Recent results, oldest first (bounded; not persisted). */
  get attemptResults(): readonly SheetAttemptResult[] {
    return this.#attemptResults ?? NO_RESULTS;
  }

  /** True while a fallback instrument is left. */
  get hasFallbackAvailable(): boolean {
    return this.currentInstrumentIndex < this.fallbackChain.length;
  }

  /** The last recorded result, or null. */
  get lastAttempt(): SheetAttemptResult | null {
    const results = this.#attemptResults;
    return results === null ? null : (results[results.length - 1] ?? null);
  }

  /** Takes over the budget and accounting counters of an earlier life of this sheet. */
  copyCounters(from: SheetCounters): void {
    this.normalAttempts = from.normalAttempts;
    this.completionAttempts = from.completionAttempts;
    this.healingAttempts = from.healingAttempts;
    this.totalCostUsd = from.totalCostUsd;
    this.totalDurationSeconds = from.totalDurationSeconds;
  }

  /**
   * Single point of accounting (spec §1.3.1): history, cost, duration, and one normal attempt
   * when the run failed and was not a (primary) rate limit.
   */
  recordAttempt(r: SheetAttemptResult): void {
    const results = (this.#attemptResults ??= []);
    results.push(r);
    if (results.length > ATTEMPT_HISTORY_CAP) results.shift();
    this.totalCostUsd += r.costUsd;
    this.totalDurationSeconds += r.durationSeconds;
    this.validationPassed = r.validationsTotal > 0 ? r.validationPassRate >= 100 : null;
    this.validationDetails = r.validationDetails;
    if (!r.executionSuccess && !(r.rateLimitPrimary ?? r.rateLimited)) this.normalAttempts += 1;
  }

  /**
   * Moves to the next fallback instrument (spec §1.3.1): fresh normal and completion budgets,
   * model cleared (GH#337), history capped at 50. Returns the new instrument, or null (and
   * changes nothing) when the chain is used up. Callers go through `moveToFallback`, which
   * keeps the indexes keyed by instrument in step.
   */
  advanceFallback(reason: FallbackReason, nowMs: number): string | null {
    const to = this.fallbackChain[this.currentInstrumentIndex];
    if (to === undefined) return null;
    const from = this.instrumentName;
    this.setFallbackAttempts(from, this.normalAttempts);
    this.currentInstrumentIndex += 1;
    this.instrumentName = to;
    this.model = null;
    this.normalAttempts = 0;
    this.completionAttempts = 0;
    this.addFallbackHistory({ from, to, reason, timestampMs: nowMs });
    return to;
  }

  /**
   * Starts a new attempt: returns its id, unique for the sheet: `job/sheet/n`, and after the
   * job's k-th restore `job/sheet/k.n` (the incarnation is saved before anything is dispatched,
   * so an attempt whose dispatch never reached the store cannot lend its id to a new one).
   */
  nextAttemptId(): string {
    this.attemptSeq += 1;
    const n =
      this.incarnation === 0 ? `${this.attemptSeq}` : `${this.incarnation}.${this.attemptSeq}`;
    this.attemptId = `${this.jobId}/${this.sheetNum}/${n}`;
    return this.attemptId;
  }
}
