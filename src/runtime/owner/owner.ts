import { isAbsolute, join } from "node:path";
import {
  ADMIN_SOCKET_FILE,
  APPLY_ROUTE,
  EXPORT_ROUTE,
  DOWN_ROUTE,
  JOBS_ROUTE,
  JOB_CANCEL_ROUTE,
  JOB_PAUSE_ROUTE,
  JOB_RESUME_ROUTE,
  RESOLVE_ROUTE,
  routeKey,
  COLLAPSE_ROUTE,
  SLOT_ROUTE,
  STATUS_ROUTE,
  SWAP_ROUTE,
  UNSLOT_ROUTE,
  type AdminRoute,
  type JobsResponse,
  type OperationResponse,
  type StatusResponse,
} from "../../api/index.js";
import { ContractDocument } from "../../contract/index.js";
import { LogWriter } from "../logs/index.js";
import { formatReport, validateService } from "../slot/index.js";
import { loadCircuit, STATE_DIR } from "../../circuit/index.js";
import type { HealthResult } from "../../adapter/index.js";
import { BatonError, type Clock, type Random } from "../../common/index.js";
import { AdminServer, type AdminHandler } from "../admin/index.js";
import {
  CircuitRuntime,
  runtimeNodesOf,
  type NodeStatus as RuntimeNodeStatus,
  type SlotRequest,
} from "../circuit/index.js";
import {
  Conductor,
  DECISIONS,
  RUNTIME_INSTRUMENTS,
  type Decision,
  type OperationResult,
  type StepProgress,
} from "../conductor/index.js";
import {
  CircuitStateWriter,
  stateOf,
  type CircuitStateFile,
  type PendingOperation,
} from "./circuit-state.js";
import { OwnerLock } from "./owner-lock.js";
import { TrafficRates } from "./traffic-rates.js";
import {
  crashedState,
  OWNER_ID_VARIABLE,
  reapLeftovers,
  restoreServices,
  resumeCrashed,
} from "./crash-restore.js";
import { systemProcesses } from "./process-identity.js";
import { ownerCustodian, type OwnerCustodian } from "./owner-custodian.js";
import { AppliedCircuit } from "./owner-apply.js";

/** What `baton up` asks of the owner. */
export interface OwnerOptions {
  /** The project folder (holding baton.yaml). */
  readonly dir: string;
  /** Nodes to leave for live services (they get no mock; 503 until slotted). */
  readonly live?: readonly string[];
  readonly clock: Clock;
  readonly random: Random;
  /** Notes for the user (a stale lock taken over). */
  readonly say: (line: string) => void;
  /** Sees each step of bringing the circuit up. */
  readonly progress?: (progress: StepProgress) => void;
  /** After a crash of the last owner, slot its services again (default true; `up --mock`: no). */
  readonly restore?: boolean;
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
    /** The declaration it runs: what `up` loaded, then each `apply`. */
    readonly applied: AppliedCircuit,
    readonly lock: OwnerLock,
    readonly conductor: Conductor,
    readonly runtime: CircuitRuntime,
    readonly admin: AdminServer,
    readonly state: CircuitStateWriter,
    /** The state file's content for a status (with what the owner knows beside it). */
    readonly record: (status: StatusResponse, running: boolean) => CircuitStateFile,
    readonly clock: Clock,
    readonly logs: LogWriter,
    readonly rates: TrafficRates,
    readonly sampler: NodeJS.Timeout,
    readonly healer: OwnerCustodian | null,
  ) {
    this.stopped = new Promise((resolve) => (this.#resolveStopped = resolve));
  }

  /** Takes the lock, brings the circuit up and opens the admin socket; throws BatonError. */
  static async start(options: OwnerOptions): Promise<Owner> {
    const circuit = loadCircuit(join(options.dir, "baton.yaml"));
    const { config, dir } = circuit;
    const applied = new AppliedCircuit(circuit);
    const token = adminToken(config.security?.control); // before anything starts
    const stateDir = join(dir, STATE_DIR);
    const lock = OwnerLock.acquire(stateDir, { clock: options.clock });
    if (lock.replaced !== null)
      options.say(`took over a stale lock (${lock.replaced.reason}) from an owner that is gone`);
    // An owner that was killed left its services running (own process groups): end them, so
    // nothing runs twice once they are restored.
    const crashed = crashedState(stateDir);
    if (crashed !== null) {
      const reaped = await reapLeftovers(crashed, systemProcesses);
      if (reaped.length > 0)
        options.say(`ended services the previous owner left running (pids ${reaped.join(", ")})`);
    }
    // Every service this owner starts carries its mark, so a later owner finds them all: who it
    // is (pid and start time) on which boot, never the mark of another owner.
    const me = systemProcesses.lookup(process.pid);
    const ownerId = `${me?.bootId ?? "-"}/${process.pid}/${me?.startTicks ?? "-"}`;
    const conductor = new Conductor({
      clock: options.clock,
      random: options.random,
      instruments: RUNTIME_INSTRUMENTS,
    });
    conductor.start();
    const runtime = new CircuitRuntime({
      dir,
      nodes: runtimeNodesOf(config, circuit.contractDigests),
      edges: config.edges,
      conductor,
      clock: options.clock,
      random: options.random,
      serviceEnv: { [OWNER_ID_VARIABLE]: ownerId },
      ...(options.portOf === undefined ? {} : { portOf: options.portOf }),
    });
    let admin: AdminServer | null = null;
    let sampler: NodeJS.Timeout | undefined;
    let healer: OwnerCustodian | null = null;
    const logs = new LogWriter({ dir: join(stateDir, "logs"), clock: options.clock });
    try {
      const result = await runtime.up(options.live ?? [], options.progress);
      if (!result.ok) {
        const step = result.failed;
        throw new BatonError(
          "E_STEP_FAILED",
          `up failed at '${step?.name ?? "?"}': ${step?.error ?? "unknown"}`,
          { hint: "fix that cause and run it again; nothing was left running" },
        );
      }
      // Before the admin API answers: `up --detach` returns with the services back.
      if (crashed !== null && options.restore !== false)
        await restoreServices(crashed, runtime, logs, options.say);
      let owner: Owner | null = null;
      const state = new CircuitStateWriter(stateDir);
      const pending = new Set<PendingOperation>();
      const record = (status: StatusResponse, running: boolean): CircuitStateFile =>
        stateOf(status, running, options.clock.nowMs(), {
          ownerId,
          pending: [...pending],
          startTicksOf,
          ...(healer === null ? {} : { escalations: healer.custodian.faulted }),
        });
      const writeState = (): Promise<void> => state.write(record(statusOf(view, NOT_PROBED), true));
      const rates = new TrafficRates(options.clock);
      sampler = setInterval(
        () => rates.sample(new Map(runtime.status().map((n) => [n.name, countsOf(n)]))),
        RATE_SAMPLE_MS,
      );
      sampler.unref();
      const view: StatusView = {
        get name() {
          return applied.config.name;
        },
        runtime,
        rates,
        get healer() {
          return healer;
        },
      };
      const ops: OperationContext = { runtime, dir, logs };
      healer = ownerCustodian(config.custodian, {
        conductor,
        runtime,
        logs,
        stateDir,
        clock: options.clock,
        random: options.random,
        onEvent: (e) => {
          options.say(
            `custodian: ${e.action} ${e.node} (${e.reason}): ${e.ok ? "" : "failed: "}${e.detail}`,
          );
          void writeState();
        },
      });
      // An operation is in state.json while it runs (a crash leaves it to be run again), and
      // every one, done or failed, ends with the state written as it now is.
      const persisted =
        <T>(
          route: AdminRoute,
          operation: (body: unknown, progress: (p: StepProgress) => void) => Promise<T>,
        ) =>
        async (body: unknown, progress: (p: StepProgress) => void): Promise<T> => {
          const op: PendingOperation = { route: routeKey(route), body };
          pending.add(op);
          await writeState();
          try {
            return await operation(body, progress);
          } finally {
            pending.delete(op);
            await writeState();
          }
        };
      const converge = persisted(APPLY_ROUTE, async (_body, p) => {
        const done = await applied.apply(runtime, false, p, async (settings) =>
          healer?.reconfigure(settings),
        );
        // A node that is gone needs no decision any more.
        for (const [node, job] of healer?.escalations ?? [])
          if (!runtime.nodes.some((n) => n.name === node)) conductor.resolve(job, "1", "skip");
        return done;
      });
      const handlers: Record<string, AdminHandler> = {
        [routeKey(JOBS_ROUTE)]: (): JobsResponse => ({ jobs: conductor.book.list(true) }),
        [routeKey(RESOLVE_ROUTE)]: (body) => resolve(conductor, body),
        [routeKey(JOB_PAUSE_ROUTE)]: (body) => (conductor.pause(jobOf(body)), { ok: true }),
        [routeKey(JOB_RESUME_ROUTE)]: (body) => (conductor.resume(jobOf(body)), { ok: true }),
        [routeKey(JOB_CANCEL_ROUTE)]: (body) => (conductor.cancel(jobOf(body)), { ok: true }),
        [routeKey(STATUS_ROUTE)]: async () => statusOf(view, await runtime.health()),
        [routeKey(SLOT_ROUTE)]: persisted(SLOT_ROUTE, (body, p) => bringIn("slot", ops, body, p)),
        [routeKey(SWAP_ROUTE)]: persisted(SWAP_ROUTE, (body, p) => bringIn("swap", ops, body, p)),
        [routeKey(UNSLOT_ROUTE)]: persisted(UNSLOT_ROUTE, (body, p) => unslot(runtime, body, p)),
        [routeKey(COLLAPSE_ROUTE)]: persisted(COLLAPSE_ROUTE, (body, p) =>
          collapse(runtime, body, p),
        ),
        // A dry run only reads: it is not an operation to record.
        [routeKey(APPLY_ROUTE)]: (body, p) =>
          fields(body)["dryRun"] === true ? applied.apply(runtime, true, p) : converge(body, p),
        [routeKey(EXPORT_ROUTE)]: () => applied.export(),
        [routeKey(DOWN_ROUTE)]: () => {
          // Answer first, then stop: the client hears that the owner is stopping.
          setImmediate(() => void owner?.stop());
          return { stopping: true };
        },
      };
      // Before the admin API answers: escalations raised again, interrupted operations rerun.
      if (crashed !== null && options.restore !== false)
        await resumeCrashed(crashed, healer, handlers, options.say);
      admin = new AdminServer({ token, handlers });
      await admin.listenSocket(join(stateDir, ADMIN_SOCKET_FILE));
      const tcp = config.security?.control;
      if (tcp !== undefined && tcp.listen !== "") {
        const [host = "", port = ""] = tcp.listen.split(":");
        const bound = await admin.listenTcp(host, Number(port));
        options.say(`admin API also on tcp ${host}:${bound} (bearer token from $${tcp.token_env})`);
      }
      owner = new Owner(
        applied,
        lock,
        conductor,
        runtime,
        admin,
        state,
        record,
        options.clock,
        logs,
        rates,
        sampler,
        healer,
      );
      healer?.custodian.start();
      await writeState();
      return owner;
    } catch (error) {
      clearInterval(sampler);
      await healer?.custodian.stop();
      await logs.close();
      await admin?.close();
      await runtime.down(1_000);
      await conductor.stop();
      lock.release();
      throw error;
    }
  }

  /** The circuit's name, as last applied. */
  get name(): string {
    return this.applied.config.name;
  }

  /** What runs now, as `GET /v1/status` reports it (each backend's health probed now). */
  async status(): Promise<StatusResponse> {
    return statusOf(this, await this.runtime.health());
  }

  /** What runs now, without probing health (what state.json keeps). */
  snapshot(): StatusResponse {
    return statusOf(this, NOT_PROBED);
  }

  /** Closes the admin socket, drains and closes every adapter, stops mocks, frees the lock. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.admin.close();
      await this.healer?.custodian.stop();
      clearInterval(this.sampler);
      const last = this.snapshot();
      await this.runtime.down();
      // What ran is kept, marked stopped: the next `up` (crash-restore) starts from it.
      await this.state.write(this.record(last, false));
      await this.conductor.stop();
      await this.logs.close();
      this.lock.release();
      this.#resolveStopped();
    })();
    return this.#stopping;
  }
}

/** How often the owner samples its nodes' counters for their rates, ms. */
const RATE_SAMPLE_MS = 1_000;

/** Health not probed: every node's health reads as null. */
const NOT_PROBED: ReadonlyMap<string, HealthResult | null> = new Map();

/** What a status is made of. */
interface StatusView {
  readonly name: string;
  readonly runtime: CircuitRuntime;
  readonly rates: TrafficRates;
  readonly healer: OwnerCustodian | null;
}

/** What `GET /v1/status` reports, from the runtime's counters, the custodian and `health`. */
function statusOf(
  { name, runtime, rates, healer }: StatusView,
  health: ReadonlyMap<string, HealthResult | null>,
): StatusResponse {
  const faulted = healer?.custodian.faulted ?? new Map<string, string>();
  return {
    circuit: name,
    level: runtime.level,
    pid: process.pid,
    nodes: runtime.status().map((n) => {
      const counts = countsOf(n);
      const h = health.get(n.name) ?? null;
      const rate = rates.rates(n.name, counts);
      return {
        name: n.name,
        role: n.role,
        protocol: n.protocol,
        host: n.host,
        port: n.port,
        backend: n.backend,
        live: n.live,
        routing: n.backend === "none" ? null : `single → ${n.backend}`,
        health: h === null ? null : { status: h.status, reason: h.reason },
        escalated: escalationOf(healer, faulted, n.name),
        ...counts,
        requestsPerSecond: rate.requestsPerSecond,
        errorsPerSecond: rate.errorsPerSecond,
        p99Ms: n.stats === null || n.stats.latency.count === 0 ? null : n.stats.latency.p99Ms,
      };
    }),
  };
}

/** A node's request and error counters. */
function countsOf(n: RuntimeNodeStatus): { requests: number; errors: number } {
  return {
    requests: n.stats?.requests ?? 0,
    errors: Object.values(n.stats?.errors ?? {}).reduce((a, b) => a + b, 0),
  };
}

/** What the service operations work with. */
interface OperationContext {
  readonly runtime: CircuitRuntime;
  readonly dir: string;
  readonly logs: LogWriter;
}

/** The request body as a record (a body that is not an object has no fields). */
function fields(body: unknown): Record<string, unknown> {
  return (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
}

/**
 * `POST /v1/slot` and `POST /v1/swap`: checks the request, then brings the service in —
 * checked against the node's contract (safe requests only) unless asked not to. A failed step
 * is an E_STEP_FAILED naming it, with the contract report when that was the step.
 */
async function bringIn(
  operation: "slot" | "swap",
  { runtime, dir, logs }: OperationContext,
  body: unknown,
  progress: (line: StepProgress) => void,
): Promise<OperationResponse> {
  const b = fields(body);
  if (typeof b["node"] !== "string" || typeof b["command"] !== "string")
    throw new BatonError("E_USAGE", `${operation} needs a node and a command`, {
      hint: `baton ${operation} NODE 'COMMAND'`,
    });
  if (typeof b["cwd"] !== "string" || !isAbsolute(b["cwd"]))
    throw new BatonError("E_USAGE", `${operation} needs the absolute folder the service runs in`, {
      hint: "send cwd as an absolute path",
    });
  const name = b["node"];
  const contract = runtime.nodes.find((n) => n.name === name)?.contract;
  const validate = b["skipValidate"] !== true && contract !== undefined && contract !== "";
  const request: SlotRequest = {
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
  };
  const result =
    operation === "slot"
      ? await runtime.slot(name, request, progress)
      : await runtime.swap(name, request, progress);
  return answer(
    result,
    `${operation} of '${name}'`,
    "the node keeps what served it; fix the cause and try again",
  );
}

/** `POST /v1/unslot`: the node back on its mock. */
async function unslot(
  runtime: CircuitRuntime,
  body: unknown,
  progress: (line: StepProgress) => void,
): Promise<OperationResponse> {
  const node = fields(body)["node"];
  if (typeof node !== "string")
    throw new BatonError("E_USAGE", "unslot needs a node", { hint: "baton unslot NODE" });
  const result = await runtime.unslot(node, progress);
  return answer(result, `unslot of '${node}'`, "fix the cause and unslot again");
}

/** `POST /v1/collapse`: every node back on its mock but those kept. */
async function collapse(
  runtime: CircuitRuntime,
  body: unknown,
  progress: (line: StepProgress) => void,
): Promise<OperationResponse> {
  const keep = fields(body)["keep"] ?? [];
  if (!Array.isArray(keep) || !keep.every((k) => typeof k === "string"))
    throw new BatonError("E_USAGE", "collapse takes the nodes to keep as a list of names", {
      hint: "baton collapse --live a,b",
    });
  const result = await runtime.collapse(keep, progress);
  return answer(
    result,
    "collapse",
    "the nodes not yet switched keep what served them; run it again",
  );
}

/** An operation's response, or the E_STEP_FAILED naming the step that failed and why. */
function answer(result: OperationResult, what: string, hint: string): OperationResponse {
  if (!result.ok)
    throw new BatonError(
      "E_STEP_FAILED",
      `${what} failed at '${result.failed?.name ?? "?"}': ${result.failed?.error ?? ""}`,
      { hint },
    );
  return { ok: true, steps: result.steps.map((s) => ({ name: s.name, status: s.status })) };
}

/**
 * The TCP admin listener's token, from the environment variable baton.yaml names; null when no
 * listener is configured. A listener without its token refuses to start (fail closed).
 */
function adminToken(
  control: { readonly listen: string; readonly token_env: string } | undefined,
): string | null {
  if (control === undefined || control.listen === "") return null;
  const token = process.env[control.token_env] ?? "";
  if (token.length < 16)
    throw new BatonError(
      "E_CONFIG_INVALID",
      `security.control.listen is set but $${control.token_env} holds no token of 16 characters or more`,
      {
        hint: `export ${control.token_env}=<a long random token> before \`baton up\`, or remove listen`,
      },
    );
  return token;
}

/** A process's start time, recorded with its pid so a later owner can tell it is the same. */
function startTicksOf(pid: number): string | null {
  return systemProcesses.lookup(pid)?.startTicks ?? null;
}

/** Why `node` waits for a person, and how to decide; null when it does not. */
function escalationOf(
  healer: OwnerCustodian | null,
  faulted: ReadonlyMap<string, string>,
  node: string,
): string | null {
  const reason = faulted.get(node);
  if (reason === undefined) return null;
  const job = healer?.escalations.get(node);
  return job === undefined
    ? reason
    : `${reason}; decide: baton resolve ${job} 1 --decision accept|retry|skip|fail`;
}

/** `POST /v1/resolve`: a person's decision about a step held for one (an escalation). */
function resolve(conductor: Conductor, body: unknown): { ok: true } {
  const b = fields(body);
  const decision = b["decision"];
  if (typeof b["job"] !== "string" || typeof b["sheet"] !== "string")
    throw new BatonError("E_USAGE", "resolve needs a job and a step", {
      hint: "baton resolve JOB STEP --decision accept|retry|skip|fail",
    });
  if (!DECISIONS.includes(decision as Decision))
    throw new BatonError("E_USAGE", `the decision must be one of ${DECISIONS.join(", ")}`);
  conductor.resolve(b["job"], b["sheet"], decision as Decision);
  return { ok: true };
}

/** The `job` of a job command's body. */
function jobOf(body: unknown): string {
  const job = fields(body)["job"];
  if (typeof job !== "string")
    throw new BatonError("E_USAGE", "name the job", { hint: "baton job pause|resume|cancel ID" });
  return job;
}
