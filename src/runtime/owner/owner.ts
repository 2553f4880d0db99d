import { isAbsolute, join } from "node:path";
import {
  ADMIN_SOCKET_FILE,
  DOWN_ROUTE,
  routeKey,
  SLOT_ROUTE,
  STATUS_ROUTE,
  type OperationResponse,
  type StatusResponse,
} from "../../api/index.js";
import { ContractDocument } from "../../contract/index.js";
import { LogWriter } from "../logs/index.js";
import { formatReport, validateService } from "../slot/index.js";
import { loadCircuit, STATE_DIR } from "../../circuit/index.js";
import { BatonError, type Clock, type Random } from "../../common/index.js";
import { AdminServer } from "../admin/index.js";
import { CircuitRuntime } from "../circuit/index.js";
import { Conductor, RUNTIME_INSTRUMENTS } from "../conductor/index.js";
import { CircuitStateWriter, stateOf } from "./circuit-state.js";
import { OwnerLock } from "./owner-lock.js";

/** What `baton up` asks of the owner. */
export interface OwnerOptions {
  /** The project folder (holding baton.yaml). */
  readonly dir: string;
  /** Nodes to leave for live services (they get no mock; 503 until slotted). */
  readonly live?: readonly string[];
  readonly clock: Clock;
  readonly random: Random;
  /** Progress, one line per step. */
  readonly say: (line: string) => void;
  /** The port of a node's adapter (tests: 0); default the one baton.yaml gives. */
  readonly portOf?: (node: { readonly name: string; readonly port: number }) => number;
}

/**
 * The owner process of a project (shared/design.md §2): it holds `.baton/owner.lock`, runs the
 * circuit (adapters and mocks, brought up as a conductor job) and serves the admin API on
 * `.baton/admin.sock`. `stopped` resolves once it has shut down — on `stop()` or `POST /v1/down`.
 */
export class Owner {
  readonly stopped: Promise<void>;
  #resolveStopped: () => void = () => undefined;
  #stopping: Promise<void> | null = null;

  private constructor(
    readonly name: string,
    readonly lock: OwnerLock,
    readonly conductor: Conductor,
    readonly runtime: CircuitRuntime,
    readonly admin: AdminServer,
    readonly state: CircuitStateWriter,
    readonly clock: Clock,
    readonly logs: LogWriter,
  ) {
    this.stopped = new Promise((resolve) => (this.#resolveStopped = resolve));
  }

  /** Takes the lock, brings the circuit up and opens the admin socket; throws BatonError. */
  static async start(options: OwnerOptions): Promise<Owner> {
    const { config, dir } = loadCircuit(join(options.dir, "baton.yaml"));
    const stateDir = join(dir, STATE_DIR);
    const lock = OwnerLock.acquire(stateDir, { clock: options.clock });
    if (lock.replaced !== null)
      options.say(`took over a stale lock (${lock.replaced.reason}) from an owner that is gone`);
    const conductor = new Conductor({
      clock: options.clock,
      random: options.random,
      instruments: RUNTIME_INSTRUMENTS,
    });
    conductor.start();
    const runtime = new CircuitRuntime({
      dir,
      nodes: config.nodes,
      edges: config.edges,
      conductor,
      clock: options.clock,
      random: options.random,
      ...(options.portOf === undefined ? {} : { portOf: options.portOf }),
    });
    let admin: AdminServer | null = null;
    const logs = new LogWriter({ dir: join(stateDir, "logs"), clock: options.clock });
    try {
      const result = await runtime.up(options.live ?? []);
      if (!result.ok) {
        const step = result.failed;
        throw new BatonError(
          "E_STEP_FAILED",
          `up failed at '${step?.name ?? "?"}': ${step?.error ?? "unknown"}`,
          { hint: "fix that cause and run it again; nothing was left running" },
        );
      }
      let owner: Owner | null = null;
      admin = new AdminServer({
        handlers: {
          [routeKey(STATUS_ROUTE)]: () => statusOf(config.name, runtime),
          [routeKey(SLOT_ROUTE)]: (body) => slot(runtime, config.nodes, dir, logs, body),
          [routeKey(DOWN_ROUTE)]: () => {
            // Answer first, then stop: the client hears that the owner is stopping.
            setImmediate(() => void owner?.stop());
            return { stopping: true };
          },
        },
      });
      await admin.listenSocket(join(stateDir, ADMIN_SOCKET_FILE));
      const state = new CircuitStateWriter(stateDir);
      owner = new Owner(config.name, lock, conductor, runtime, admin, state, options.clock, logs);
      await state.write(stateOf(owner.status(), true, options.clock.nowMs()));
      return owner;
    } catch (error) {
      await logs.close();
      await admin?.close();
      await runtime.down(1_000);
      await conductor.stop();
      lock.release();
      throw error;
    }
  }

  /** What runs now, as `GET /v1/status` reports it. */
  status(): StatusResponse {
    return statusOf(this.name, this.runtime);
  }

  /** Closes the admin socket, drains and closes every adapter, stops mocks, frees the lock. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.admin.close();
      const last = this.status();
      await this.runtime.down();
      // What ran is kept, marked stopped: the next `up` (crash-restore) starts from it.
      await this.state.write(stateOf(last, false, this.clock.nowMs()));
      await this.conductor.stop();
      await this.logs.close();
      this.lock.release();
      this.#resolveStopped();
    })();
    return this.#stopping;
  }
}

function statusOf(name: string, runtime: CircuitRuntime): StatusResponse {
  return {
    circuit: name,
    level: runtime.level,
    pid: process.pid,
    nodes: runtime.status().map((n) => ({
      name: n.name,
      role: n.role,
      protocol: n.protocol,
      host: n.host,
      port: n.port,
      backend: n.backend,
      live: n.live,
      requests: n.stats?.requests ?? 0,
      errors: Object.values(n.stats?.errors ?? {}).reduce((a, b) => a + b, 0),
      p99Ms: n.stats === null || n.stats.latency.count === 0 ? null : n.stats.latency.p99Ms,
    })),
  };
}

/**
 * `POST /v1/slot`: checks the request, then slots the service — checked against the node's
 * contract (safe requests only) unless asked not to. A failed step is an E_STEP_FAILED naming
 * it, with the contract report when that was the step.
 */
async function slot(
  runtime: CircuitRuntime,
  nodes: readonly { readonly name: string; readonly contract?: string | undefined }[],
  dir: string,
  logs: LogWriter,
  body: unknown,
): Promise<OperationResponse> {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b["node"] !== "string" || typeof b["command"] !== "string")
    throw new BatonError("E_USAGE", "slot needs a node and a command", {
      hint: "baton slot NODE 'COMMAND'",
    });
  if (typeof b["cwd"] !== "string" || !isAbsolute(b["cwd"]))
    throw new BatonError("E_USAGE", "slot needs the absolute folder the service runs in", {
      hint: "send cwd as an absolute path",
    });
  const name = b["node"];
  const contract = nodes.find((n) => n.name === name)?.contract;
  const validate = b["skipValidate"] !== true && contract !== undefined && contract !== "";
  const result = await runtime.slot(name, {
    command: b["command"],
    cwd: b["cwd"],
    onLine: (line) => logs.appendLine(line),
    ...(validate
      ? {
          check: async (target) => {
            const report = await validateService(
              ContractDocument.load(join(dir, contract)),
              target,
            );
            // One line: errors are one line each; the report's lines become clauses.
            if (!report.ok) throw new Error(formatReport(report).trim().split("\n").join("; "));
          },
        }
      : {}),
  });
  if (!result.ok)
    throw new BatonError(
      "E_STEP_FAILED",
      `slot of '${name}' failed at '${result.failed?.name ?? "?"}': ${result.failed?.error ?? ""}`,
      { hint: "the node keeps its mock; fix the cause and slot again" },
    );
  return { ok: true, steps: result.steps.map((s) => ({ name: s.name, status: s.status })) };
}
