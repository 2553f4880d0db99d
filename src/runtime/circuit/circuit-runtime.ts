import type { AdapterStatsSnapshot, RoutingSnapshot, TargetSpec } from "../../adapter/index.js";
import type { Clock, Random } from "../../common/index.js";
import {
  planCollapse,
  startNodeMock,
  type CollapseLevel,
  type NodeBackend,
  type RunningMock,
} from "../../mock/index.js";
import type { Conductor, OperationResult, Step } from "../conductor/index.js";
import { createNodeAdapter, type NodeAdapter, type NodeProtocol } from "./node-adapter.js";

/** A node as the runtime reads it from baton.yaml. */
export interface RuntimeNode {
  readonly name: string;
  readonly role: "service" | "ingress" | "egress";
  readonly proxy_mode: NodeProtocol;
  readonly host: string;
  readonly port: number;
  readonly contract?: string | undefined;
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
  readonly stats: AdapterStatsSnapshot | null;
}

interface NodeState {
  adapter: NodeAdapter | null;
  port: number;
  mock: RunningMock | null;
  backend: NodeStatus["backend"];
  version: number;
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
        stats: state?.adapter?.stats() ?? null,
      };
    });
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
        (state = { adapter: null, port: 0, mock: null, backend: "none", version: 0 }),
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
