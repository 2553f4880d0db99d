import type { AdapterStatsSnapshot, HealthResult, TargetSpec } from "../../adapter/index.js";
import { BatonError, type Clock, type Random } from "../../common/index.js";
import {
  planCollapse,
  startNodeMock,
  type CollapseLevel,
  type NodeBackend,
  type RunningMock,
} from "../../mock/index.js";
import { createServer, type AddressInfo } from "node:net";
import type { Conductor, OperationResult, Step, StepProgress } from "../conductor/index.js";
import { checkOnce, waitHealthy } from "../probe/index.js";
import {
  ChildService,
  parseCommandLine,
  resolveProgram,
  type ServiceLine,
} from "../supervisor/index.js";
import { createNodeAdapter, type NodeAdapter, type NodeProtocol } from "./node-adapter.js";
import { routeSnapshot, type RoutedNode } from "./route-snapshot.js";
import { mockSourceChanged, type ApplyPlan, type NodeChange } from "./apply-plan.js";

/** A node as the runtime reads it from baton.yaml (routing and call policy: runtimeNodesOf). */
export interface RuntimeNode extends RoutedNode {
  readonly name: string;
  readonly role: "service" | "ingress" | "egress";
  readonly proxy_mode: NodeProtocol;
  readonly host: string;
  readonly port: number;
  readonly contract?: string | undefined;
  /** The path an HTTP or SOAP node's health is read from. */
  readonly health_path?: string | undefined;
  /** A digest of the contract's files (a changed text is a changed contract). */
  readonly contract_digest?: string | undefined;
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
  /** Added to every live service's environment (the owner's mark). */
  readonly serviceEnv?: Readonly<Record<string, string>>;
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
  /** The live service, when one is slotted: its process, port, command and folder. */
  readonly live: LiveService | null;
  readonly stats: AdapterStatsSnapshot | null;
}

/** A slotted service as status reports it. */
export interface LiveService {
  readonly pid: number;
  readonly port: number;
  readonly command: string;
  readonly cwd: string;
}

/** A live service the runtime started, with the command line and folder it was started from. */
interface Slotted {
  readonly child: ChildService;
  readonly command: string;
  readonly cwd: string;
}

/** What status reports of a slotted service. */
function liveOf(s: Slotted): LiveService {
  return { pid: s.child.pid, port: s.child.port, command: s.command, cwd: s.cwd };
}

interface NodeState {
  adapter: NodeAdapter | null;
  port: number;
  mock: RunningMock | null;
  backend: NodeStatus["backend"];
  version: number;
  /** The live service and how it was started (for status and state.json). */
  service: Slotted | null;
  /** The operation changing the node now: a second one is refused until it ends. */
  busy: string | null;
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
  /** The nodes and edges as baton.yaml declares them now (`apply` changes them). */
  #config: readonly RuntimeNode[];
  #edges: CircuitRuntimeOptions["edges"];

  constructor(readonly options: CircuitRuntimeOptions) {
    this.#config = options.nodes;
    this.#edges = options.edges;
  }

  /** The nodes the circuit runs, as last brought up or applied. */
  get nodes(): readonly RuntimeNode[] {
    return this.#config;
  }

  /** The collapse level now. */
  get level(): CollapseLevel {
    return this.#level;
  }

  /** Brings every node up, mocked except those in `live` (which get no backend yet). */
  async up(
    live: readonly string[] = [],
    onProgress?: (progress: StepProgress) => void,
  ): Promise<OperationResult> {
    const plan = planCollapse(this.#config, live);
    const steps = this.#openSteps(plan.backends, this.#edges);
    const result = await this.options.conductor.run("up", steps, onProgress);
    if (!result.ok) await this.down();
    else this.#level = plan.level;
    return result;
  }

  /** Closes every adapter (draining for up to `drainMs`) and stops every mock and service. */
  async down(drainMs = 5_000): Promise<void> {
    const states = [...this.#nodes.values()];
    this.#nodes.clear();
    await Promise.all(states.map((s) => closeNode(s, drainMs)));
  }

  /**
   * Steps that bring `backends`' nodes up: each one's mock, then its adapter, callees first
   * (among these nodes; an edge cycle is broken by ignoring the edge back).
   */
  #openSteps(
    backends: readonly NodeBackend[],
    edges: readonly { readonly source: string; readonly target: string }[],
  ): Step[] {
    const among = new Set(backends.map((b) => b.node));
    const callees = new Map<string, string[]>();
    for (const e of edges)
      if (among.has(e.target)) callees.set(e.source, [...(callees.get(e.source) ?? []), e.target]);
    return backends.flatMap((backend): Step[] => {
      const node = this.#node(backend.node);
      const mockStep = `start the mock of ${node.name}`;
      const open: Step = {
        name: `open the adapter of ${node.name}`,
        instrument: "adapter",
        after: [
          ...(backend.kind === "mock" ? [mockStep] : []),
          ...(callees.get(node.name) ?? [])
            .filter((c) => c !== node.name && !reaches(callees, c, node.name))
            .map((c) => `open the adapter of ${c}`),
        ],
        run: async () => this.#openAdapter(node, backend),
      };
      if (backend.kind !== "mock") return [open];
      return [{ name: mockStep, instrument: "mock", run: () => this.#startMock(backend) }, open];
    });
  }

  /**
   * Converges the running circuit to `plan` as one job that touches only the nodes it names:
   * removed nodes drain and close, added ones come up on their mocks (callees first), changed
   * ones get a new snapshot, mock or adapter. Refused while an operation changes one of them.
   * A node whose step failed keeps what it ran (and its old declaration).
   */
  async apply(
    plan: ApplyPlan,
    edges: readonly { readonly source: string; readonly target: string }[],
    onProgress?: (progress: StepProgress) => void,
  ): Promise<OperationResult> {
    const touched = [...plan.remove, ...plan.change.map((c) => c.before)].flatMap(
      (n) => this.#nodes.get(n.name) ?? [],
    );
    return this.#exclusive(["apply", touched], async () => {
      const done = new Set<string>();
      const cleanups: (() => Promise<void>)[] = [];
      // Each step reads its node's new declaration; removed nodes stay listed until removed.
      this.#config = [...plan.nodes, ...plan.remove];
      const steps = [
        ...plan.remove.map((n) => this.#removeStep(n.name, done)),
        ...this.#openSteps(planCollapse(plan.add, []).backends, edges),
        ...plan.change.flatMap((c) => this.#changeSteps(c, done, cleanups)),
      ];
      const result = await this.options.conductor.run("apply", steps, onProgress);
      await Promise.all(cleanups.map((c) => c()));
      const changed = new Map(plan.change.map((c) => [c.after.name, c.before]));
      const added = new Set(plan.add.map((n) => n.name));
      for (const name of added)
        if (this.#nodes.get(name)?.adapter == null) await this.#close(name, 0);
      this.#config = [
        ...plan.nodes.flatMap((n) => {
          const before = changed.get(n.name);
          if (before !== undefined && !done.has(n.name)) return [before];
          return added.has(n.name) && !this.#nodes.has(n.name) ? [] : [n];
        }),
        ...plan.remove.filter((n) => this.#nodes.has(n.name)),
      ];
      this.#edges = edges;
      this.#level = levelOf(this.#nodes, this.#config);
      return result;
    });
  }

  /** The step that takes a node out: its adapter drains and closes, its backends stop. */
  #removeStep(name: string, done: Set<string>): Step {
    return {
      name: `remove ${name} (drain and close its adapter, stop what served it)`,
      instrument: "adapter",
      run: async () => {
        await this.#close(name, 5_000);
        done.add(name);
      },
    };
  }

  /** Takes a node out of the running circuit and closes it (see closeNode). */
  async #close(name: string, drainMs: number): Promise<void> {
    const state = this.#nodes.get(name);
    this.#nodes.delete(name);
    if (state !== undefined) await closeNode(state, drainMs);
  }

  /**
   * The steps that converge one changed node: a new mock first when its contract, health path,
   * role or protocol changed; then its adapter gets the new snapshot — or, for a new host, port
   * or protocol, a new adapter (opened before the old one drains, unless it takes the same
   * port); then what no longer serves it stops. A live service keeps serving unless the node
   * became egress or changed protocol.
   */
  #changeSteps(c: NodeChange, done: Set<string>, cleanups: (() => Promise<void>)[]): Step[] {
    const name = c.after.name;
    const state = this.#nodes.get(name);
    const oldAdapter = state?.adapter;
    if (state === undefined || oldAdapter == null) return [];
    const { mock: oldMock, service: oldService } = state;
    const toMock =
      oldService !== null &&
      (c.before.proxy_mode !== c.after.proxy_mode || c.after.role === "egress");
    let mock: RunningMock | null = null;
    let drained: Promise<unknown> = Promise.resolve();
    const steps: Step[] = [];
    const mockStep = `start the new mock of ${name}`;
    // A new address alone keeps the mock; what a mock is built from needs a new one.
    const newMock = mockSourceChanged(c.before, c.after);
    if (newMock)
      steps.push({
        name: mockStep,
        instrument: "mock",
        run: async () => {
          const backend = mockBackendOf(c.after);
          if (backend === null) return;
          mock = await startNodeMock(backend, { baseDir: this.options.dir });
          const started = mock;
          cleanups.push(async () => void (state.mock !== started && (await started.close())));
        },
      });
    // Where the node's traffic goes once converged.
    const target = (): TargetSpec | null => {
      const m = mock ?? oldMock;
      if (toMock || state.backend === "mock") return m === null ? null : mockTarget(m);
      return state.service === null ? null : liveTarget(state.service.child);
    };
    const commit = (): void => {
      if (mock !== null) state.mock = mock;
      if (toMock) {
        state.service = null;
        state.backend = state.mock === null ? "none" : "mock";
      }
      done.add(name);
    };
    const samePlace = c.before.host === c.after.host && c.before.port === c.after.port;
    const closeFirst = `close the adapter of ${name} on port ${state.port}`;
    const switched =
      c.touch === "reopen"
        ? `open the adapter of ${name} on ${c.after.host}:${c.after.port}`
        : `switch ${name}'s adapter to its new ${c.touch === "remock" ? "mock" : "routing"}`;
    const mockFirst = newMock ? [mockStep] : [];
    if (c.touch === "reopen" && samePlace)
      steps.push({
        name: closeFirst,
        instrument: "adapter",
        after: mockFirst,
        run: () => oldAdapter.close(1_000),
      });
    steps.push({
      name: switched,
      instrument: "adapter",
      after: c.touch === "reopen" && samePlace ? [closeFirst] : mockFirst,
      run: async () => {
        if (c.touch === "reopen") {
          const adapter = createNodeAdapter(
            c.after,
            this.options.portOf?.(c.after) ?? c.after.port,
            this.options,
          );
          state.port = await adapter.listen();
          state.adapter = adapter;
          state.version = 0;
          void this.#switch(name, state, adapter, target(), true);
          if (!samePlace) drained = oldAdapter.close(5_000);
        } else drained = this.#switch(name, state, oldAdapter, target(), true);
        commit();
      },
    });
    if (newMock && oldMock !== null)
      steps.push({
        name: `stop the old mock of ${name}`,
        instrument: "mock",
        after: [switched],
        run: async () => {
          await drained;
          await oldMock.close();
        },
      });
    if (toMock && oldService !== null)
      steps.push(...this.#retireSteps(name, oldService.child, () => drained, switched));
    return steps;
  }

  /** Every node: where it listens, what serves it, its counters. */
  status(): NodeStatus[] {
    return this.#config.map((node) => {
      const state = this.#nodes.get(node.name);
      return {
        name: node.name,
        role: node.role,
        protocol: node.proxy_mode,
        host: node.host,
        port: state?.port ?? node.port,
        backend: state?.backend ?? "none",
        live: state?.service == null ? null : liveOf(state.service),
        stats: state?.adapter?.stats() ?? null,
      };
    });
  }

  /**
   * Each running node's backend health now, probed in parallel with its protocol's check: the
   * live service or a networked mock on its own port; a mock in the owner's process is healthy
   * while it runs. Null for a node with no backend.
   */
  async health(timeoutMs = 1_000): Promise<Map<string, HealthResult | null>> {
    const entries = await Promise.all(
      this.#config.map(async (node): Promise<[string, HealthResult | null]> => {
        const state = this.#nodes.get(node.name);
        const mock = state?.backend === "mock" ? state.mock : null;
        const target =
          state?.service != null
            ? { host: "127.0.0.1", port: state.service.child.port }
            : mock?.kind === "network"
              ? { host: mock.host, port: mock.port }
              : null;
        if (target === null)
          return [
            node.name,
            mock === null ? null : { status: "healthy", latencyMs: 0, reason: "in-process mock" },
          ];
        const options = node.health_path === undefined ? {} : { path: node.health_path };
        return [node.name, await checkOnce(node.proxy_mode, target, { ...options, timeoutMs })];
      }),
    );
    return new Map(entries);
  }

  /**
   * Slots a live service into `name`: starts it (without a shell, on a free port, told the port
   * through PORT and BATON_SERVICE_PORT), waits until it is healthy, runs `check`, then switches
   * the node's adapter to it — its mock's requests in flight finish. A failed step stops the new
   * service and leaves the node as it was.
   */
  async slot(
    name: string,
    request: SlotRequest,
    onProgress?: (progress: StepProgress) => void,
  ): Promise<OperationResult> {
    const { node, state, adapter } = this.#running(name, "slot");
    if (state.service !== null)
      throw new BatonError(
        "E_USAGE",
        `'${name}' already runs a live service (pid ${state.service.child.pid})`,
        { hint: "replace it with `baton swap`, or take it out with `baton unslot`" },
      );
    return this.#exclusive(["slot", [state]], () =>
      this.#bringIn("slot", node, state, adapter, request, onProgress),
    );
  }

  /**
   * Replaces what serves `name` with a new live service, with no failed request: the new one
   * starts beside the old, must be healthy (and pass `check`), then the adapter switches to it
   * atomically; the old one's requests in flight finish (drain) before it is stopped. A failed
   * step before the switch stops the new service; the old one keeps serving.
   */
  async swap(
    name: string,
    request: SlotRequest,
    onProgress?: (progress: StepProgress) => void,
  ): Promise<OperationResult> {
    const { node, state, adapter } = this.#running(name, "swap");
    return this.#exclusive(["swap", [state]], () =>
      this.#bringIn("swap", node, state, adapter, request, onProgress),
    );
  }

  /** Puts `name` back on its mock: the switch, then the live service drains and stops. */
  async unslot(
    name: string,
    onProgress?: (progress: StepProgress) => void,
  ): Promise<OperationResult> {
    const { state } = this.#running(name, "unslot");
    if (state.service === null)
      throw new BatonError("E_USAGE", `'${name}' runs no live service: it is already mocked`, {
        hint: "`baton status` shows which nodes are live",
      });
    return this.#exclusive(["unslot", [state]], () =>
      this.options.conductor.run("unslot", this.#toMockSteps(name), onProgress),
    );
  }

  /**
   * Puts every node back on its mock except those in `keep` (they stay as they are): one job,
   * nodes in parallel. Unknown names are refused before anything changes.
   */
  async collapse(
    keep: readonly string[],
    onProgress?: (progress: StepProgress) => void,
  ): Promise<OperationResult> {
    const unknown = keep.filter((k) => !this.#config.some((n) => n.name === k));
    if (unknown.length > 0)
      throw new BatonError("E_NODE_NOT_FOUND", `unknown nodes: ${unknown.join(", ")}`, {
        hint: `nodes of this circuit: ${this.#config.map((n) => n.name).join(", ")}`,
      });
    const names = this.#config
      .filter((n) => {
        const state = this.#nodes.get(n.name);
        // A node being changed counts too: collapse then waits its turn (refused for now).
        return !keep.includes(n.name) && (state?.backend !== "mock" || state.busy !== null);
      })
      .map((n) => n.name);
    const states = names.flatMap((n) => this.#nodes.get(n) ?? []);
    return this.#exclusive(["collapse", states], () =>
      this.options.conductor.run(
        "collapse",
        names.flatMap((n) => this.#toMockSteps(n)),
        onProgress,
      ),
    );
  }

  /**
   * Runs `operation` with its nodes marked busy; refused (nothing done) while another
   * operation changes one of them — two swaps of one node would race for its adapter.
   */
  async #exclusive<T>(
    [operation, states]: [string, readonly NodeState[]],
    run: () => Promise<T>,
  ): Promise<T> {
    for (const [name, state] of this.#nodes)
      if (states.includes(state) && state.busy !== null)
        throw new BatonError("E_USAGE", `'${name}' is busy: a ${state.busy} of it is running`, {
          hint: "wait for it to end (`baton status` shows the result), then try again",
        });
    for (const state of states) state.busy = operation;
    try {
      return await run();
    } finally {
      for (const state of states) state.busy = null;
    }
  }

  /** A node that runs, checked for `operation` (egress nodes stay mocked). */
  #running(
    name: string,
    operation: string,
  ): { node: RuntimeNode; state: NodeState; adapter: NodeAdapter } {
    const node = this.#config.find((n) => n.name === name);
    const state = this.#nodes.get(name);
    if (node === undefined || state?.adapter == null)
      throw new BatonError("E_NODE_NOT_FOUND", `no node '${name}' runs in this circuit`, {
        hint: `running nodes: ${[...this.#nodes.keys()].join(", ") || "none"}`,
      });
    if (node.role === "egress")
      throw new BatonError(
        "E_USAGE",
        `cannot ${operation} '${name}': an egress node stays mocked`,
        {
          hint: "egress nodes stand for external services; slot the services that call them",
        },
      );
    if (node.routing?.locked === true)
      throw new BatonError("E_USAGE", `cannot ${operation} '${name}': its routing is locked`, {
        hint: `unlock it in baton.yaml (routing of ${name}: locked: false), then \`baton apply\``,
      });
    return { node, state, adapter: state.adapter };
  }

  /**
   * Starts a service, waits for its health, checks it, switches the adapter to it, then drains
   * and stops what served before (a live service; a mock keeps running for `unslot`).
   */
  async #bringIn(
    operation: "slot" | "swap",
    node: RuntimeNode,
    state: NodeState,
    adapter: NodeAdapter,
    request: SlotRequest,
    onProgress: ((progress: StepProgress) => void) | undefined,
  ): Promise<OperationResult> {
    const name = node.name;
    const what = operation === "slot" ? "the service" : "the new service";
    const command = parseCommandLine(request.command, { node: name });
    // Found before anything starts: a missing program is the user's to fix, not retried.
    const program = await resolveProgram(command.program, { cwd: request.cwd, node: name });
    const old = state.service;
    let service: ChildService | null = null;
    let drained: Promise<unknown> = Promise.resolve();
    const target = (): { host: string; port: number } => ({
      host: "127.0.0.1",
      port: (service as ChildService).port,
    });
    const start = `start ${what} of ${name}`;
    const healthy = `wait until ${what} of ${name} is healthy`;
    const checked = `check ${what} of ${name} against its contract`;
    const switched = `switch ${name}'s adapter to ${what}`;
    const steps: Step[] = [
      {
        name: start,
        instrument: "process",
        maxRetries: 2,
        run: async () => {
          await service?.stop(1_000); // a retry starts afresh
          service = await ChildService.start({
            node: name,
            target: "live",
            command: { program, args: command.args },
            cwd: request.cwd,
            port: await freePort(),
            clock: this.options.clock,
            ...(this.options.serviceEnv === undefined ? {} : { env: this.options.serviceEnv }),
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
        name: switched,
        instrument: "adapter",
        after: [checked],
        run: () => {
          const child = service as ChildService;
          drained = this.#switch(name, state, adapter, liveTarget(child));
          state.service = { child, command: request.command, cwd: request.cwd };
          state.backend = "live";
          return Promise.resolve();
        },
      },
    ];
    if (old !== null) steps.push(...this.#retireSteps(name, old.child, () => drained, switched));
    const result = await this.options.conductor.run(operation, steps, onProgress);
    // Stopped unless the switch happened: a failure before it leaves the node as it was.
    if (state.service?.child !== service) await (service as ChildService | null)?.stop();
    this.#level = levelOf(this.#nodes, this.#config);
    return result;
  }

  /** The steps that put `name` back on its mock (starting the mock if it never ran). */
  #toMockSteps(name: string): Step[] {
    const state = this.#nodes.get(name);
    const adapter = state?.adapter;
    if (state === undefined || adapter == null) return [];
    const old = state.service;
    const start = `start the mock of ${name}`;
    const switched = `switch ${name}'s adapter to its mock`;
    let drained: Promise<unknown> = Promise.resolve();
    const steps: Step[] = [];
    if (state.mock === null)
      steps.push({
        name: start,
        instrument: "mock",
        run: async () => {
          const backend = mockBackendOf(this.#node(name));
          if (backend !== null) await this.#startMock(backend);
        },
      });
    steps.push({
      name: switched,
      instrument: "adapter",
      ...(state.mock === null ? { after: [start] } : {}),
      run: () => {
        if (state.mock === null) throw new Error(`'${name}' has no mock to switch to`);
        drained = this.#switch(name, state, adapter, mockTarget(state.mock));
        state.service = null;
        state.backend = "mock";
        this.#level = levelOf(this.#nodes, this.#config);
        return Promise.resolve();
      },
    });
    if (old !== null) steps.push(...this.#retireSteps(name, old.child, () => drained, switched));
    return steps;
  }

  /** Drain, then stop, a service the adapter no longer sends new requests to. */
  #retireSteps(
    name: string,
    old: ChildService,
    drained: () => Promise<unknown>,
    switched: string,
  ): Step[] {
    const drain = `drain ${name}'s old service (pid ${old.pid})`;
    return [
      {
        name: drain,
        instrument: "adapter",
        after: [switched],
        run: async () => void (await drained()),
      },
      {
        name: `stop ${name}'s old service (pid ${old.pid})`,
        instrument: "process",
        after: [drain],
        run: async () => void (await old.stop()),
      },
    ];
  }

  /** Routes every new request of the node to `target`; resolves when the old ones drained. */
  #switch(
    name: string,
    state: NodeState,
    adapter: NodeAdapter,
    target: TargetSpec | null,
    unlock = false,
  ): Promise<unknown> {
    const snapshot = routeSnapshot(this.#node(name), target, ++state.version);
    const applied = adapter.apply(snapshot, { unlock });
    if (!applied.ok)
      throw new Error(`the adapter refused the switch: ${applied.errors.join("; ")}`);
    return applied.drained;
  }

  #node(name: string): RuntimeNode {
    const node = this.#config.find((n) => n.name === name);
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
          busy: null,
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
    if (backend.kind !== "mock" || mock === null) {
      // Live: slotted later (503 meanwhile), but declared targets elsewhere are routed now.
      if (node.routing !== undefined && node.routing.strategy !== "single")
        void this.#switch(node.name, state, adapter, null);
      return;
    }
    void this.#switch(node.name, state, adapter, mockTarget(mock));
    state.backend = "mock";
  }
}

/** A node's adapter closed (draining up to `drainMs`), then its mock and service stopped. */
async function closeNode(state: NodeState, drainMs: number): Promise<void> {
  await state.adapter?.close(drainMs);
  await state.mock?.close();
  await state.service?.child.stop();
}

/** The mock a node gets (egress nodes included); null when it gets none. */
function mockBackendOf(node: RuntimeNode): Extract<NodeBackend, { kind: "mock" }> | null {
  const backend = planCollapse([node], []).backends[0];
  return backend?.kind === "mock" ? backend : null;
}

/** The adapter target of a live service. */
function liveTarget(child: ChildService): TargetSpec {
  return { kind: "network", id: "live", host: "127.0.0.1", port: child.port };
}

/** The adapter target of a running mock. */
function mockTarget(mock: RunningMock): TargetSpec {
  return mock.kind === "handler"
    ? { kind: "handler", id: "mock", handler: mock.handler }
    : { kind: "network", id: "mock", host: mock.host, port: mock.port };
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
