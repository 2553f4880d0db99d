import type { CircuitConfig } from "../../circuit/index.js";
import type { Clock, Random } from "../../common/index.js";
import type { CircuitRuntime } from "../circuit/index.js";
import type { Conductor } from "../conductor/index.js";
import {
  Custodian,
  DEFAULT_LADDER,
  EventLog,
  type CustodianEvent,
  type CustodianHost,
  type CustodianOptions,
} from "../custodian/index.js";
import type { LogWriter, Severity } from "../logs/index.js";

/** What the owner's custodian works with. */
export interface OwnerCustodianDeps {
  readonly runtime: CircuitRuntime;
  /** Escalations are jobs on it, held for a person (`baton resolve`). */
  readonly conductor: Conductor;
  readonly logs: LogWriter;
  readonly stateDir: string;
  readonly clock: Clock;
  readonly random: Random;
  /** Also told every decision (the owner's log, state.json). */
  readonly onEvent: (event: CustodianEvent) => void;
}

/**
 * The custodian baton.yaml asks for (`custodian:`; on by default), acting on the runtime: a
 * restart runs the node's service again as a swap of the same command (the dead one is drained
 * and reaped), "replace with mock" is an unslot. Decisions go to `.baton/events.jsonl`. Null
 * when `custodian.enabled` is false.
 */
export interface OwnerCustodian {
  readonly custodian: Custodian;
  /** The job each escalated node waits in for a person's decision. */
  readonly escalations: ReadonlyMap<string, string>;
  /** Raises again an escalation the last owner left (after a crash): faulted, held for a person. */
  restore(node: string, reason: string): void;
  /**
   * New settings (`baton apply`), at once: every ladder starts over under them, escalated nodes
   * stay faulted and held for a person.
   */
  reconfigure(settings: CircuitConfig["custodian"]): Promise<void>;
}

/** How loud each decision is in the node's log. */
const SEVERITY: Readonly<Record<CustodianEvent["action"], Severity>> = {
  restart: "warn",
  replace_with_mock: "warn",
  escalate: "error",
  recovered: "info",
};

export function ownerCustodian(
  config: CircuitConfig["custodian"],
  deps: OwnerCustodianDeps,
): OwnerCustodian | null {
  if (config?.enabled === false) return null;
  const escalations = new Map<string, string>();
  const { runtime, logs } = deps;
  const events = new EventLog(deps.stateDir);
  const failed = (r: { failed: { name: string; error: string | null } | null }): Error =>
    new Error(`failed at '${r.failed?.name ?? "?"}': ${r.failed?.error ?? ""}`);
  // An escalation is a job whose one step waits for a person: accept, skip or retry clear the
  // node (retry also starts its ladder over), fail leaves it faulted. Recovery accepts it.
  const escalate = (node: string, reason: string): void => {
    if (escalations.has(node)) return;
    const { jobId, done } = deps.conductor.escalate(
      "escalation",
      {
        name: `decide about ${node}`,
        instrument: "probe",
        run: () => Promise.resolve(void custodian.resolve(node)),
      },
      `${node}: ${reason}`,
    );
    escalations.set(node, jobId);
    void done.then((result) => {
      escalations.delete(node);
      const status = result.steps[0]?.status;
      if (status === "completed" || status === "skipped") custodian.resolve(node);
    });
  };
  const host: CustodianHost = {
    nodes: () => runtime.status().map((n) => ({ name: n.name, backend: n.backend })),
    probe: (timeoutMs) => runtime.health(timeoutMs),
    restart: async (node) => {
      const live = runtime.status().find((n) => n.name === node)?.live;
      if (live == null) throw new Error(`'${node}' runs no live service`);
      const result = await runtime.swap(node, {
        command: live.command,
        cwd: live.cwd,
        onLine: (line) => logs.appendLine(line),
      });
      if (!result.ok) throw failed(result);
      const pid = runtime.status().find((n) => n.name === node)?.live?.pid;
      return `started again (pid ${pid ?? "?"})`;
    },
    mock: async (node) => {
      const result = await runtime.unslot(node);
      if (!result.ok) throw failed(result);
      return "on its mock";
    },
  };
  const onEvent = (event: CustodianEvent): void => {
    events.append(event);
    // The node's log tells its story too (`baton logs --node N`), beside its service's lines.
    logs.append({
      atMs: deps.clock.nowMs(), // when it was carried out: the file stays in time order
      node: event.node,
      target: "custodian",
      stream: "stderr",
      severity: !event.ok || event.action === "escalate" ? "error" : SEVERITY[event.action],
      text: `${event.action} (${event.reason}): ${event.detail}`,
    });
    if (event.action === "escalate") escalate(event.node, event.reason);
    const held = escalations.get(event.node);
    if (event.action === "recovered" && held !== undefined)
      deps.conductor.resolve(held, "1", "accept");
    deps.onEvent(event);
  };
  const custodianFor = (settings: CircuitConfig["custodian"]): Custodian =>
    new Custodian(host, { clock: deps.clock, random: deps.random, onEvent, ...timing(settings) });
  let custodian = custodianFor(config);
  return {
    get custodian() {
      return custodian;
    },
    escalations,
    restore: (node, reason) => {
      custodian.fault(node, reason);
      escalate(node, reason);
    },
    reconfigure: async (settings) => {
      const faulted = custodian.faulted;
      await custodian.stop();
      custodian = custodianFor(settings);
      for (const [node, reason] of faulted) custodian.fault(node, reason);
      custodian.start();
    },
  };
}

/** The custodian's timing and ladder from baton.yaml's `custodian:` (defaults when absent). */
function timing(
  config: CircuitConfig["custodian"],
): Pick<CustodianOptions, "intervalMs" | "timeoutMs" | "ladder"> {
  return {
    intervalMs: (config?.probe_interval_s ?? 5) * 1000,
    timeoutMs: (config?.probe_timeout_s ?? 1) * 1000,
    ladder:
      config === undefined
        ? DEFAULT_LADDER
        : {
            ...DEFAULT_LADDER,
            failuresToRestart: config.failure_threshold,
            failuresToMock: config.replace_threshold,
            restartBaseMs: config.restart_backoff_initial_s * 1000,
            restartCapMs: config.restart_backoff_max_s * 1000,
            healthyResetMs: config.healthy_reset_s * 1000,
          },
  };
}
