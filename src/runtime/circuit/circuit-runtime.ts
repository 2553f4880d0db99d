import type { AdapterStatsSnapshot, RoutingSnapshot, TargetSpec } from "../../adapter/index.js";
import { BatonError, type Clock, type Random } from "../../common/index.js";
import {
  planCollapse,
  startNodeMock,
  type CollapseLevel,
  type NodeBackend,
  type RunningMock,
} from "../../mock/index.js";
import { createServer, type AddressInfo } from "node:net";
import type { Conductor, OperationResult, Step } from "../conductor/index.js";
import { waitHealthy } from "../probe/index.js";
import {
  ChildService,
  parseCommandLine,
  resolveProgram,
  type ServiceLine,
} from "../supervisor/index.js";
import { createNodeAdapter, type NodeAdapter, type NodeProtocol } from "./node-adapter.js";

/** A node as the runtime reads it from baton.yaml. */
export interface RuntimeNode {
  readonly name: string;
  readonly role: "service" | "ingress" | "egress";
  readonly proxy_mode: NodeProtocol;
  readonly host: string;
  readonly port: number;
  readonly contract?: string | undefined;
  /** The path an HTTP or SOAP node's health is read from. */
  readonly health_path?: string | undefined;
}

/** What `slot` starts. */
export interface SlotRequest {
  /** The command line, parsed without a shell. */
  readonly command: string;
  /** The folder the service runs in. */
  readonly cwd: string;
  /** Longest wait for the service to become healthy, ms (default 30 s). */
  readonly healthTimeoutMs?: number;
  /** Checks the running service before traffic is switched (e.g. against its contract). */
  readonly check?: (target: { host: string; port: number }, signal: AbortSignal) => Promise<void>;
  /** Sees every line the service prints. */
  readonly onLine?: (line: ServiceLine) => void;
}

/** Settings and collaborators of a CircuitRuntime. */
export interface CircuitRuntimeOptions {
  /** The project folder (contract paths are relative to it). */
  readonly dir: string;
  readonly nodes: readonly RuntimeNode[];
  readonly edges: readonly { readonly source: string; readonly target: string }[];
  readonly conductor: Conductor;
  readonly clock: Clock;
  readonly random: Random;
  /** The port a node's adapter listens on (tests pass 0: the OS chooses). */
  readonly portOf?: (node: RuntimeNode) => number;
}

/** One node as `status` reports it. */
export interface NodeStatus {
  readonly name: string;
  readonly role: RuntimeNode["role"];
  readonly protocol: NodeProtocol;
  /** Where clients reach it. */
  readonly host: string;
  readonly port: number;
  /** What serves it now. */
  readonly backend: "mock" | "live" | "none";
  /** The live service's process id and port, when one is slotted. */
  readonly live: { readonly pid: number; readonly port: number } | null;
  readonly stats: AdapterStatsSnapshot | null;
}

interface NodeState {
  adapter: NodeAdapter | null;
  port: number;
  mock: RunningMock | null;
  backend: NodeStatus["backend"];
  version: number;
  service: ChildService | null;
}

/**
 * A circuit while it runs: one adapter per node, each backed by its mock or nothing, brought up
 * as one conductor job — every node's mock, then its adapter, callees before callers (a caller
 * never starts before what it calls can answer). A failed step names the node and the step; the
 * nodes already up are taken down again, so a failed `up` leaves nothing listening.
 */
export class CircuitRuntime {
  readonly #nodes = new Map<string, NodeState>();
  #level: CollapseLevel = "full_mock";

  constructor(readonly options: CircuitRuntimeOptions) {}

  /** The collapse level now. */
  get level(): CollapseLevel {
    return this.#level;
  }

  /** Brings every node up, mocked except those in `live` (which get no backend yet). */
  async up(live: readonly string[] = []): Promise<OperationResult> {
    const plan = planCollapse(this.options.nodes, live);
    const steps: Step[] = [];
    const callees = new Map<string, string[]>();
    for (const e of this.options.edges)
      callees.set(e.source, [...(callees.get(e.source) ?? []), e.target]);
    for (const backend of plan.backends) {
      const node = this.#node(backend.node);
      const mockStep = `start the mock of ${node.name}`;
      if (backend.kind === "mock")
        steps.push({
          name: mockStep,
          instrument: "mock",
          run: async () => this.#startMock(backend),
        });
      steps.push({
        name: `open the adapter of ${node.name}`,
        instrument: "adapter",
        after: [
          ...(backend.kind === "mock" ? [mockStep] : []),
          // Callees first; an edge cycle is broken by ignoring the edge back.
          ...(callees.get(node.name) ?? [])
            .filter((c) => c !== node.name && !reaches(callees, c, node.name))
            .map((c) => `open the adapter of ${c}`),
        ],
        run: async () => this.#openAdapter(node, backend),
      });
    }
    const result = await this.options.conductor.run("up", steps);
    if (!result.ok) await this.down();
    else this.#level = plan.level;
    return result;
  }

  /** Closes every adapter (draining for up to `drainMs`) and stops every mock. */
  async down(drainMs = 5_000): Promise<void> {
    const states = [...this.#nodes.values()];
    this.#nodes.clear();
    await Promise.all(states.map((s) => s.adapter?.close(drainMs) ?? Promise.resolve()));
    await Promise.all(states.map((s) => s.mock?.close() ?? Promise.resolve()));
    await Promise.all(states.map((s) => s.service?.stop() ?? Promise.resolve()));
  }

  /** Every node: where it listens, what serves it, its counters. */
  status(): NodeStatus[] {
    return this.options.nodes.map((node) => {
      const state = this.#nodes.get(node.name);
      return {
        name: node.name,
        role: node.role,
        protocol: node.proxy_mode,
        host: node.host,
        port: state?.port ?? node.port,
        backend: state?.backend ?? "none",
        live: state?.service == null ? null : { pid: state.service.pid, port: state.service.port },
        stats: state?.adapter?.stats() ?? null,
      };
    });
  }

  /**
   * Slots a live service into `name`: starts it (without a shell, on a free port, told the port
   * through PORT and BATON_SERVICE_PORT), waits until it is healthy, runs `check`, then switches
   * the node's adapter to it — its mock's requests in flight finish. A failed step stops the new
   * service and leaves the node as it was.
   */
  async slot(name: string, request: SlotRequest): Promise<OperationResult> {
    const node = this.options.nodes.find((n) => n.name === name);
    const state = this.#nodes.get(name);
    if (node === undefined || state?.adapter == null)
      throw new BatonError("E_NODE_NOT_FOUND", `no node '${name}' runs in this circuit`, {
        hint: `running nodes: ${[...this.#nodes.keys()].join(", ") || "none"}`,
      });
    if (node.role === "egress")
      throw new BatonError("E_USAGE", `'${name}' is an egress node: it stays mocked`, {
        hint: "egress nodes stand for external services; slot the services that call them",
      });
    if (state.service !== null)
      throw new BatonError(
        "E_USAGE",
        `'${name}' already runs a live service (pid ${state.service.pid})`,
        { hint: "replace it with `baton swap`, or take it out with `baton unslot`" },
      );
    const adapter = state.adapter;
    const command = parseCommandLine(request.command, { node: name });
    let service: ChildService | null = null;
    const target = (): { host: string; port: number } => ({
      host: "127.0.0.1",
      port: (service as ChildService).port,
    });
    const start = `start the service of ${name}`;
    const healthy = `wait until ${name} is healthy`;
    const checked = `check ${name} against its contract`;
    const result = await this.options.conductor.run("slot", [
      {
        name: start,
        instrument: "process",
        maxRetries: 2,
        run: async () => {
          await service?.stop(1_000); // a retry starts afresh
          const program = await resolveProgram(command.program, { cwd: request.cwd, node: name });
          service = await ChildService.start({
            node: name,
            target: "live",
            command: { program, args: command.args },
            cwd: request.cwd,
            port: await freePort(),
            clock: this.options.clock,
            ...(request.onLine === undefined ? {} : { onLine: request.onLine }),
          });
        },
      },
      {
        name: healthy,
        instrument: "probe",
        after: [start],
        run: async (signal) => {
          const health = await waitHealthy(node.proxy_mode, target(), {
            signal,
            ...(node.health_path === undefined ? {} : { path: node.health_path }),
            ...(request.healthTimeoutMs === undefined
              ? {}
              : { timeoutMs: request.healthTimeoutMs }),
          });
          if (health.status !== "healthy") throw new Error(health.reason);
        },
      },
      {
        name: checked,
        instrument: "probe",
        after: [healthy],
        run: async (signal) => request.check?.(target(), signal),
      },
      {
        name: `switch ${name}'s adapter to the service`,
        instrument: "adapter",
        after: [checked],
        run: () => {
          const applied = adapter.apply({
            version: ++state.version,
            targets: [{ kind: "network", id: "live", ...target() }],
            route: { kind: "single", target: "live" },
          });
          if (!applied.ok)
            throw new Error(`the adapter refused the switch: ${applied.errors.join("; ")}`);
          return Promise.resolve();
        },
      },
    ]);
    if (!result.ok) {
      await (service as ChildService | null)?.stop();
      return result;
    }
    state.service = service;
    state.backend = "live";
    this.#level = levelOf(this.#nodes, this.options.nodes);
    return result;
  }

  #node(name: string): RuntimeNode {
    const node = this.options.nodes.find((n) => n.name === name);
    if (node === undefined) throw new TypeError(`no node '${name}'`);
    return node;
  }

  #state(name: string): NodeState {
    let state = this.#nodes.get(name);
    if (state === undefined)
      this.#nodes.set(
        name,
        (state = {
          adapter: null,
          port: 0,
          mock: null,
          backend: "none",
          version: 0,
          service: null,
        }),
      );
    return state;
  }

  async #startMock(backend: Extract<NodeBackend, { kind: "mock" }>): Promise<void> {
    const state = this.#state(backend.node);
    state.mock = await startNodeMock(backend, { baseDir: this.options.dir });
  }

  async #openAdapter(node: RuntimeNode, backend: NodeBackend): Promise<void> {
    const state = this.#state(node.name);
    const port = this.options.portOf?.(node) ?? node.port;
    const adapter = createNodeAdapter(node, port, this.options);
    state.port = await adapter.listen();
    state.adapter = adapter;
    const mock = state.mock;
    if (backend.kind !== "mock" || mock === null) return; // live: slotted later (503 meanwhile)
    const target: TargetSpec =
      mock.kind === "handler"
        ? { kind: "handler", id: "mock", handler: mock.handler }
        : { kind: "network", id: "mock", host: mock.host, port: mock.port };
    const snapshot: RoutingSnapshot = {
      version: ++state.version,
      targets: [target],
      route: { kind: "single", target: "mock" },
    };
    const applied = adapter.apply(snapshot);
    if (!applied.ok)
      throw new Error(`the adapter refused its first routing: ${applied.errors.join("; ")}`);
    state.backend = "mock";
  }
}

/** The collapse level from what serves each non-egress node. */
function levelOf(
  states: ReadonlyMap<string, NodeState>,
  nodes: readonly RuntimeNode[],
): CollapseLevel {
  const inner = nodes.filter((n) => n.role !== "egress");
  const live = inner.filter((n) => states.get(n.name)?.backend === "live").length;
  return live === 0 ? "full_mock" : live === inner.length ? "full_live" : "partial";
}

/** A port free right now on loopback, for a live service. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether `to` is reachable from `from` along caller → callee edges. */
function reaches(
  callees: ReadonlyMap<string, readonly string[]>,
  from: string,
  to: string,
): boolean {
  const seen = new Set<string>();
  const stack = [from];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n === to) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(callees.get(n) ?? []));
  }
  return false;
}
