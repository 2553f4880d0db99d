import type { JsonObject } from "./events/json-value.js";
import type { ObserverEvent } from "./events/observer-event.js";
import type { AttemptMode } from "./retry/sheet-budget.js";

/** Severity of a `log` effect. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * What the core asks its shell to carry out (shared/design.md §3: the core is pure). A batch of
 * effects is returned by `BatonCore.runOnce`; the runtime performs them in order.
 */
export type CoreEffect =
  /** Write the job's checkpoint (once per batch per dirty job); `removed` when it was deregistered. */
  | { readonly kind: "persist"; readonly jobId: string; readonly removed: boolean }
  /** Publish a `baton.*` record to observers. */
  | { readonly kind: "observe"; readonly event: ObserverEvent }
  /** Every sheet of the job is terminal (signalled once per registration). */
  | { readonly kind: "jobComplete"; readonly jobId: string; readonly allSuccess: boolean }
  /** A structured log line (library code never prints). */
  | {
      readonly kind: "log";
      readonly level: LogLevel;
      readonly message: string;
      readonly data: JsonObject;
    }
  /** Kill the musician of this attempt: its sheet was cancelled while in flight. */
  | {
      readonly kind: "cancelAttempt";
      readonly jobId: string;
      readonly sheetNum: number;
      readonly attemptId: string | null;
    }
  /**
   * A stale check came due for an attempt still in flight: if its musician is dead, the shell
   * enqueues a synthetic `STALE` failure result carrying `attemptId` (spec §6.6).
   */
  | {
      readonly kind: "checkStale";
      readonly jobId: string;
      readonly sheetNum: number;
      readonly attemptId: string | null;
    }
  /** A cron entry is due and its previous run is over: start a fresh run of the score. */
  | { readonly kind: "startRun"; readonly entryName: string; readonly scorePath: string };

/** One sheet handed to the dispatch callback: everything a musician needs to start the attempt. */
export interface Dispatch {
  readonly jobId: string;
  readonly sheetNum: number;
  /** Current instrument (a fallback one once the sheet has moved on). */
  readonly instrument: string;
  readonly model: string | null;
  /** 1-based: normal + completion + 1 (spec §1.10). */
  readonly attempt: number;
  /** Must be echoed in the result, stale checks and crash reports of this attempt. */
  readonly attemptId: string;
  readonly mode: AttemptMode;
  /** Execution timeout of the attempt, ms. */
  readonly timeoutMs: number;
}
