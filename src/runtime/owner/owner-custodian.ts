import type { CircuitConfig } from "../../circuit/index.js";
import type { Clock, Random } from "../../common/index.js";
import type { CircuitRuntime } from "../circuit/index.js";
import { Custodian, DEFAULT_LADDER, EventLog, type CustodianEvent } from "../custodian/index.js";
import type { LogWriter } from "../logs/index.js";

/** What the owner's custodian works with. */
export interface OwnerCustodianDeps {
  readonly runtime: CircuitRuntime;
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
export function ownerCustodian(
  config: CircuitConfig["custodian"],
  deps: OwnerCustodianDeps,
): Custodian | null {
  if (config?.enabled === false) return null;
  const { runtime, logs } = deps;
  const events = new EventLog(deps.stateDir);
  const ladder =
    config === undefined
      ? DEFAULT_LADDER
      : {
          ...DEFAULT_LADDER,
          failuresToRestart: config.failure_threshold,
          failuresToMock: config.replace_threshold,
          restartBaseMs: config.restart_backoff_initial_s * 1000,
          restartCapMs: config.restart_backoff_max_s * 1000,
          healthyResetMs: config.healthy_reset_s * 1000,
        };
  const failed = (r: { failed: { name: string; error: string | null } | null }): Error =>
    new Error(`failed at '${r.failed?.name ?? "?"}': ${r.failed?.error ?? ""}`);
  return new Custodian(
    {
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
    },
    {
      clock: deps.clock,
      random: deps.random,
      intervalMs: (config?.probe_interval_s ?? 5) * 1000,
      timeoutMs: (config?.probe_timeout_s ?? 1) * 1000,
      ladder,
      onEvent: (event) => {
        events.append(event);
        deps.onEvent(event);
      },
    },
  );
}
