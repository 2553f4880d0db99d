import { join } from "node:path";
import {
  ADMIN_SOCKET_FILE,
  DOWN_ROUTE,
  routeKey,
  STATUS_ROUTE,
  type StatusResponse,
} from "../../api/index.js";
import { loadCircuit, STATE_DIR } from "../../circuit/index.js";
import { BatonError, type Clock, type Random } from "../../common/index.js";
import { AdminServer } from "../admin/index.js";
import { CircuitRuntime } from "../circuit/index.js";
import { Conductor } from "../conductor/index.js";
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
      instruments: {
        mock: { maxConcurrent: 8 },
        adapter: { maxConcurrent: 16 },
        process: { maxConcurrent: 4 },
        probe: { maxConcurrent: 16 },
      },
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
          [routeKey(DOWN_ROUTE)]: () => {
            // Answer first, then stop: the client hears that the owner is stopping.
            setImmediate(() => void owner?.stop());
            return { stopping: true };
          },
        },
      });
      await admin.listenSocket(join(stateDir, ADMIN_SOCKET_FILE));
      const state = new CircuitStateWriter(stateDir);
      owner = new Owner(config.name, lock, conductor, runtime, admin, state, options.clock);
      await state.write(stateOf(owner.status(), true, options.clock.nowMs()));
      return owner;
    } catch (error) {
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
      requests: n.stats?.requests ?? 0,
      errors: Object.values(n.stats?.errors ?? {}).reduce((a, b) => a + b, 0),
      p99Ms: n.stats === null || n.stats.latency.count === 0 ? null : n.stats.latency.p99Ms,
    })),
  };
}
