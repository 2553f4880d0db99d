import type { Random } from "../../common/index.js";

/** When the custodian steps in, and how it backs off (Kubernetes' and OTP's numbers, scaled). */
export interface LadderOptions {
  /** Consecutive failed probes before the first restart (default 3). */
  readonly failuresToRestart: number;
  /** Failed probes on the ladder before the node is put on its mock (default 6). */
  readonly failuresToMock: number;
  /** Failed probes of the mock itself before a human is called (default 3). */
  readonly mockFailuresToEscalate: number;
  /** First restart backoff, ms (default 10 s); doubles per restart up to `restartCapMs`. */
  readonly restartBaseMs: number;
  readonly restartCapMs: number;
  /** Healthy this long without a break, the ladder starts over (default 10 min). */
  readonly healthyResetMs: number;
}

export const DEFAULT_LADDER: LadderOptions = {
  failuresToRestart: 3,
  failuresToMock: 6,
  mockFailuresToEscalate: 3,
  restartBaseMs: 10_000,
  restartCapMs: 300_000,
  healthyResetMs: 600_000,
};

/** A probe's verdict. */
export type Verdict = "healthy" | "unhealthy" | "unknown";

/** What the custodian should do after a probe. */
export type LadderDecision =
  | { readonly kind: "none" }
  | { readonly kind: "restart"; readonly attempt: number; readonly failures: number }
  | { readonly kind: "replace_with_mock"; readonly failures: number }
  | { readonly kind: "escalate"; readonly failures: number }
  /** The node was healthy for the whole reset window: its ladder (and escalation) is cleared. */
  | { readonly kind: "recovered" };

/** Where a node stands on the ladder. */
export type LadderStage = "live" | "mocked" | "faulted";

/**
 * The healing ladder of one node, fed one probe verdict at a time: failed probes lead to a
 * restart (again after each backoff, which doubles with jitter), then to the node's mock, then,
 * if even the mock fails, to an escalation. A successful restart does not reset the ladder (in
 * the reference it did, so "replace with mock" was never reached): only staying healthy for
 * `healthyResetMs` does. Pure: time and randomness come in.
 */
export class HealLadder {
  #stage: LadderStage;
  /** Failed probes on the ladder since it was last reset. */
  #failures = 0;
  /** Failed probes in a row (a healthy one in between starts this over, not the ladder). */
  #streak = 0;
  #restarts = 0;
  /** No restart before this time (the backoff after the last one). */
  #nextRestartAtMs = 0;
  #healthySinceMs: number | null = null;
  /** Why the node was escalated (the custodian's words), while it is faulted. */
  escalation: string | null = null;

  constructor(
    stage: "live" | "mocked",
    readonly options: LadderOptions,
    readonly random: Random,
  ) {
    this.#stage = stage;
  }

  get stage(): LadderStage {
    return this.#stage;
  }

  get failures(): number {
    return this.#failures;
  }

  get restarts(): number {
    return this.#restarts;
  }

  /** The last probe failed (and the node is not yet escalated): it is worth probing soon. */
  get failing(): boolean {
    return this.#streak > 0 && this.#stage !== "faulted";
  }

  /** The backoff after restart number `attempt` (1-based): base × 2^(attempt−1), capped, ±50 %. */
  backoffMs(attempt: number): number {
    const { restartBaseMs, restartCapMs } = this.options;
    const full = Math.min(restartCapMs, restartBaseMs * 2 ** (attempt - 1));
    return full / 2 + this.random.next() * (full / 2);
  }

  /** The node was put on its mock by someone else (a user's `unslot`): the ladder follows. */
  mocked(): void {
    this.#stage = "mocked";
    this.#streak = 0;
  }

  /** Escalated already (an escalation restored after a crash): faulted until recovery or resolve. */
  fault(reason: string): void {
    this.#stage = "faulted";
    this.#failures = Math.max(this.#failures, 1);
    this.escalation = reason;
  }

  /** Takes one probe verdict at `nowMs`; says what to do. */
  observe(verdict: Verdict, nowMs: number): LadderDecision {
    if (verdict === "unknown") return { kind: "none" };
    if (verdict === "healthy") return this.#healthy(nowMs);
    this.#healthySinceMs = null;
    this.#failures += 1;
    this.#streak += 1;
    const failures = this.#failures;
    if (this.#stage === "faulted") return { kind: "none" };
    if (this.#stage === "mocked") {
      if (this.#streak < this.options.mockFailuresToEscalate) return { kind: "none" };
      this.#stage = "faulted";
      return { kind: "escalate", failures };
    }
    if (failures >= this.options.failuresToMock) {
      this.#stage = "mocked";
      this.#streak = 0;
      return { kind: "replace_with_mock", failures };
    }
    if (this.#streak < this.options.failuresToRestart || nowMs < this.#nextRestartAtMs)
      return { kind: "none" };
    this.#restarts += 1;
    this.#streak = 0;
    this.#nextRestartAtMs = nowMs + this.backoffMs(this.#restarts);
    return { kind: "restart", attempt: this.#restarts, failures };
  }

  #healthy(nowMs: number): LadderDecision {
    this.#streak = 0;
    this.#healthySinceMs ??= nowMs;
    if (this.#failures === 0 && this.#stage !== "faulted") return { kind: "none" };
    if (nowMs - this.#healthySinceMs < this.options.healthyResetMs) return { kind: "none" };
    const wasFaulted = this.#stage === "faulted";
    this.#failures = 0;
    this.#restarts = 0;
    this.#nextRestartAtMs = 0;
    if (wasFaulted) this.#stage = "mocked";
    this.escalation = null;
    return { kind: "recovered" };
  }
}
