import type { DispatchCallback } from "./dispatch/dispatch-pass.js";
import type { CoreEffect } from "./effects.js";
import type { BatonEvent } from "./events/baton-event.js";
import type { PauseReason } from "./events/pause-reason.js";
import type { BreakerPhase } from "./instruments/circuit-breaker.js";
import type { SheetStatus } from "./state/sheet-status.js";

// The shapes BatonCore hands out and takes in besides events and effects.

/** The dispatch configuration (spec §4.1): mirrors instrument state at the time it is built. */
export interface DispatchConfig {
  readonly maxConcurrentSheets: number;
  readonly instrumentConcurrency: ReadonlyMap<string, number>;
  readonly modelConcurrency: ReadonlyMap<string, number>;
  readonly rateLimitedInstruments: ReadonlySet<string>;
  readonly openCircuitBreakers: ReadonlySet<string>;
}

/** One instrument's health and load (spec §1.6). */
export interface InstrumentStateView {
  readonly name: string;
  readonly maxConcurrent: number;
  readonly inFlight: number;
  readonly rateLimited: boolean;
  readonly rateLimitExpiresAt: number | null;
  readonly circuitBreaker: BreakerPhase;
  readonly consecutiveFailures: number;
  readonly circuitBreakerRecoveryAt: number | null;
  readonly isAvailable: boolean;
}

/** A job's diagnostics (spec §11). */
export interface JobDiagnostics {
  readonly jobId: string;
  readonly paused: boolean;
  readonly pauseReasons: PauseReason[];
  readonly sheets: { readonly total: number } & Partial<Record<SheetStatus, number>>;
  readonly instrumentsUsed: string[];
  readonly costUsd: number;
}

/** What `run` needs from its host: where dispatches and effects go, and how to wait. */
export interface LoopPort {
  /** Starts a musician for the attempt (must not block). */
  readonly dispatch: DispatchCallback;
  /** Carries out a batch of effects (persist, publish, cancel, log…). */
  apply(effects: CoreEffect[]): void | Promise<void>;
  /**
   * Resolves when there may be work: an event was enqueued, or `dueAtMs` (the next timer,
   * wall-clock ms; undefined = none) has come. The host owns real time; the core never sleeps.
   */
  waitForWork(dueAtMs: number | undefined): Promise<void>;
}

/** The inbox: anyone may enqueue; `runOnce` drains it. */
export interface Inbox {
  enqueue(event: BatonEvent): void;
  readonly size: number;
}
