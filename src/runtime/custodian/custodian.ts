import type { HealthResult } from "../../adapter/index.js";
import type { Clock, Random } from "../../common/index.js";
import { HealLadder, type LadderDecision, type LadderOptions } from "./heal-ladder.js";

/** One decision of the custodian and how carrying it out went. */
export interface CustodianEvent {
  /** Wall-clock epoch ms. */
  readonly atMs: number;
  readonly node: string;
  readonly action: "restart" | "replace_with_mock" | "escalate" | "recovered";
  /** Why: the failed probes and the last probe's reason. */
  readonly reason: string;
  readonly ok: boolean;
  /** What happened: "restarted", "on its mock", or the error. */
  readonly detail: string;
}

/** What the custodian watches and acts on: the owner's circuit. */
export interface CustodianHost {
  /** The nodes now and what serves them. */
  nodes(): readonly { readonly name: string; readonly backend: "mock" | "live" | "none" }[];
  /** Every node's backend health (null: no backend), each probe cut at `timeoutMs`. */
  probe(timeoutMs: number): Promise<ReadonlyMap<string, HealthResult | null>>;
  /** Starts the node's live service again; resolves with a detail, throws on failure. */
  restart(node: string): Promise<string>;
  /** Puts the node on its mock; resolves with a detail, throws on failure. */
  mock(node: string): Promise<string>;
}

/** Settings of a Custodian. */
export interface CustodianOptions {
  readonly clock: Clock;
  readonly random: Random;
  readonly intervalMs: number;
  /** The interval while some node is failing (Envoy's `unhealthy_interval`); default 1/5. */
  readonly unhealthyIntervalMs?: number;
  readonly timeoutMs: number;
  readonly ladder: LadderOptions;
  /** Hears every decision (the event log, `baton watch`, the owner's log). */
  readonly onEvent: (event: CustodianEvent) => void;
}

/**
 * Heals the circuit: probes every node's backend in parallel each interval and walks each node's
 * ladder (restart with backoff → its mock → escalate to a human). An escalated node is marked
 * faulted until it recovers (healthy for the reset window) or a person resolves it.
 */
export class Custodian {
  readonly #ladders = new Map<string, HealLadder>();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #stopped = false;

  constructor(
    readonly host: CustodianHost,
    readonly options: CustodianOptions,
  ) {}

  /** Nodes escalated to a human, with why. */
  get faulted(): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    for (const [node, ladder] of this.#ladders)
      if (ladder.stage === "faulted") out.set(node, ladder.escalation ?? "");
    return out;
  }

  /**
   * Probes every interval until `stop` (the next round starts an interval after one ends); while
   * a node is failing, every unhealthy interval, so a dead service is restarted in seconds.
   */
  start(): void {
    const next = (): void => {
      if (this.#stopped) return;
      this.#timer = setTimeout(() => {
        this.#running = this.tick().finally(next);
      }, this.delayMs);
      this.#timer.unref();
    };
    next();
  }

  /** The wait before the next round: short while some node is failing. */
  get delayMs(): number {
    const { intervalMs, unhealthyIntervalMs = intervalMs / 5 } = this.options;
    for (const ladder of this.#ladders.values()) if (ladder.failing) return unhealthyIntervalMs;
    return intervalMs;
  }

  /** Stops probing; waits for a round in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  /** `node` was escalated before (by an owner that crashed): it is faulted again, for `reason`. */
  fault(node: string, reason: string): void {
    const ladder = new HealLadder("mocked", this.options.ladder, this.options.random);
    ladder.fault(reason);
    this.#ladders.set(node, ladder);
  }

  /** A person took care of `node` (`baton resolve`): its escalation is cleared. */
  resolve(node: string): boolean {
    const faulted = this.#ladders.get(node)?.stage === "faulted";
    this.#ladders.delete(node);
    return faulted;
  }

  /** One round: probe everything, decide per node, carry the decisions out (in parallel). */
  async tick(): Promise<CustodianEvent[]> {
    const health = await this.host.probe(this.options.timeoutMs);
    const now = this.options.clock.nowMs();
    const acts: Promise<CustodianEvent>[] = [];
    const watched = new Set<string>();
    for (const { name, backend } of this.host.nodes()) {
      if (backend === "none") continue;
      watched.add(name);
      let ladder = this.#ladders.get(name);
      // A service slotted by a person starts a fresh ladder (and ends an escalation).
      if (ladder === undefined || (backend === "live" && ladder.stage !== "live")) {
        const stage = backend === "mock" ? "mocked" : "live";
        ladder = new HealLadder(stage, this.options.ladder, this.options.random);
        this.#ladders.set(name, ladder);
      } else if (backend === "mock" && ladder.stage === "live") ladder.mocked();
      const result = health.get(name) ?? null;
      const decision = ladder.observe(result?.status ?? "unknown", this.options.clock.monoMs());
      if (decision.kind !== "none") acts.push(this.#act(name, ladder, decision, result, now));
    }
    for (const name of this.#ladders.keys()) if (!watched.has(name)) this.#ladders.delete(name);
    const events = await Promise.all(acts);
    for (const event of events) this.options.onEvent(event);
    return events;
  }

  async #act(
    node: string,
    ladder: HealLadder,
    decision: Exclude<LadderDecision, { kind: "none" }>,
    health: HealthResult | null,
    atMs: number,
  ): Promise<CustodianEvent> {
    const last = health === null ? "" : `: ${health.reason}`;
    const reason =
      decision.kind === "recovered"
        ? "healthy for the whole reset window"
        : `${decision.failures} failed probes${last}`;
    const event = (ok: boolean, detail: string): CustodianEvent => ({
      atMs,
      node,
      action: decision.kind,
      reason,
      ok,
      detail,
    });
    try {
      switch (decision.kind) {
        case "restart":
          return event(true, `${await this.host.restart(node)} (restart ${decision.attempt})`);
        case "replace_with_mock":
          return event(true, await this.host.mock(node));
        case "escalate":
          ladder.escalation = reason;
          return event(true, "its mock fails too: a person is needed (`baton status`)");
        case "recovered":
          return event(true, "the ladder starts over");
      }
    } catch (error) {
      return event(false, error instanceof Error ? error.message : String(error));
    }
  }
}
