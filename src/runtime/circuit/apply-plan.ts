import { isDeepStrictEqual } from "node:util";
import { custodianSchema, type CircuitConfig } from "../../circuit/index.js";
import type { RuntimeNode } from "./circuit-runtime.js";
import type { NodePolicy } from "./route-snapshot.js";

/**
 * How a changed node is converged, least disruptive first: `republish` gives its adapter a new
 * snapshot (routing, lock, call policy); `remock` replaces its mock (contract, health path, role);
 * `reopen` replaces its adapter (host, port, protocol) and, with the protocol, its backend.
 */
export type NodeTouch = "republish" | "remock" | "reopen";

/** One node whose running form differs from baton.yaml. */
export interface NodeChange {
  readonly before: RuntimeNode;
  readonly after: RuntimeNode;
  readonly touch: NodeTouch;
  /** What differs, e.g. `port 9102 → 9112`. */
  readonly what: readonly string[];
}

/** What `baton apply` does to bring the running circuit to baton.yaml. */
export interface ApplyPlan {
  readonly add: readonly RuntimeNode[];
  readonly remove: readonly RuntimeNode[];
  readonly change: readonly NodeChange[];
  /** Nodes whose baton.yaml entry changed in fields nothing running reads (metadata, …). */
  readonly record: readonly { readonly node: string; readonly what: readonly string[] }[];
  readonly edgesAdded: readonly string[];
  readonly edgesRemoved: readonly string[];
  /** The custodian's settings that changed (the owner applies them at once), e.g. `probe_interval_s 5 → 2`. */
  readonly custodian: readonly string[];
  /** The circuit's name, before and after, when it changed. */
  readonly renamed: readonly [string, string] | null;
  /** Top-level sections that changed and take effect at the next `baton up`. */
  readonly later: readonly string[];
  /** The whole next order of nodes (what runs once applied). */
  readonly nodes: readonly RuntimeNode[];
}

/** Sections apply converges itself (the rest take effect at the next `up`). */
const CONVERGED = new Set(["nodes", "edges", "routing", "name", "version"]);

/**
 * The nodes a circuit runs, with each node's routing, the call policy of its edges and (when
 * known, from its check) the digest of its contract.
 */
export function runtimeNodesOf(
  config: CircuitConfig,
  contractDigests: ReadonlyMap<string, string> = new Map(),
): RuntimeNode[] {
  return config.nodes.map((n) => {
    const routing = config.routing[n.name] ?? n.routing;
    const policy = mergedPolicy(config.edges.filter((e) => e.target === n.name));
    const digest = contractDigests.get(n.name);
    return {
      name: n.name,
      role: n.role,
      proxy_mode: n.proxy_mode,
      host: n.host,
      port: n.port,
      contract: n.contract,
      ...(n.health_path === undefined ? {} : { health_path: n.health_path }),
      ...(digest === undefined ? {} : { contract_digest: digest }),
      ...(routing === undefined ? {} : { routing }),
      ...(policy === undefined ? {} : { policy }),
    };
  });
}

/**
 * The call policy of the edges into a node: one edge's as it is; several — the shortest
 * timeout, the most retries (every caller gets at least what it asked for). Undefined: none.
 */
function mergedPolicy(
  edges: readonly { readonly policy?: NodePolicy | undefined }[],
): NodePolicy | undefined {
  const policies = edges.flatMap((e) => (e.policy === undefined ? [] : [e.policy]));
  const retries = policies.flatMap((p) => (p.retries === undefined ? [] : [p.retries]));
  const timeouts = policies.flatMap((p) => (p.timeout_ms === undefined ? [] : [p.timeout_ms]));
  if (retries.length === 0 && timeouts.length === 0) return undefined;
  return {
    ...(retries.length === 0 ? {} : { retries: Math.max(...retries) }),
    ...(timeouts.length === 0 ? {} : { timeout_ms: Math.min(...timeouts) }),
  };
}

/** What a plan knows beyond the two declarations. */
export interface PlanInputs {
  /**
   * The nodes as they run (CircuitRuntime.nodes): after an apply that failed part way, some run
   * the new declaration and some the old. Default: the running declaration's.
   */
  readonly runningNodes?: readonly RuntimeNode[];
  /** The next declaration's contract digests (a changed text is then a change). */
  readonly nextDigests?: ReadonlyMap<string, string>;
}

/** The smallest set of changes from the running circuit (`running`) to `next`. */
export function planApply(
  running: CircuitConfig,
  next: CircuitConfig,
  inputs: PlanInputs = {},
): ApplyPlan {
  const runningNodes = inputs.runningNodes ?? runtimeNodesOf(running);
  const before = new Map(runningNodes.map((n) => [n.name, n]));
  const after = runtimeNodesOf(next, inputs.nextDigests);
  const configOf = (c: CircuitConfig, name: string): unknown =>
    c.nodes.find((n) => n.name === name);
  const change: NodeChange[] = [];
  const record: { node: string; what: string[] }[] = [];
  for (const node of after) {
    const old = before.get(node.name);
    if (old === undefined) continue;
    const what = differences(old, node);
    if (what.length > 0) change.push({ before: old, after: node, touch: touchOf(old, node), what });
    else if (!isDeepStrictEqual(configOf(running, node.name), configOf(next, node.name)))
      record.push({
        node: node.name,
        what: fieldsChanged(configOf(running, node.name), configOf(next, node.name)),
      });
  }
  const edge = (e: { source: string; target: string }): string => `${e.source} → ${e.target}`;
  const edgesBefore = new Set(running.edges.map(edge));
  const edgesAfter = new Set(next.edges.map(edge));
  // Switching the custodian on or off waits for the next `up`; its settings apply at once.
  const [was, now] = [running, next].map((c) => c.custodian ?? custodianSchema.parse({}));
  const toggled = was?.enabled !== now?.enabled;
  const custodian = toggled
    ? []
    : fieldsChanged(was, now).map((k) => `${k} ${show(field(was, k))} → ${show(field(now, k))}`);
  return {
    add: after.filter((n) => !before.has(n.name)),
    remove: [...before.values()].filter((n) => !after.some((a) => a.name === n.name)),
    change,
    record,
    edgesAdded: [...edgesAfter].filter((e) => !edgesBefore.has(e)),
    edgesRemoved: [...edgesBefore].filter((e) => !edgesAfter.has(e)),
    custodian,
    renamed: running.name === next.name ? null : [running.name, next.name],
    later: fieldsChanged(running, next).filter(
      (k) => !CONVERGED.has(k) && (k !== "custodian" || toggled),
    ),
    nodes: after,
  };
}

/** Whether the plan changes nothing that runs (records and later sections aside). */
export function planIsEmpty(plan: ApplyPlan): boolean {
  return plan.add.length + plan.remove.length + plan.change.length === 0;
}

/** The plan as lines a person reads (the dry run prints them; the job's log keeps them). */
export function planLines(plan: ApplyPlan, running: number): string[] {
  const touched = plan.add.length + plan.remove.length + plan.change.length;
  const lines: string[] = [];
  for (const n of plan.add)
    lines.push(`+ add ${n.name} on ${n.host}:${n.port} (${n.proxy_mode}, ${n.role}), on its mock`);
  for (const n of plan.remove)
    lines.push(`- remove ${n.name}: its adapter drained and closed, what served it stopped`);
  for (const c of plan.change) lines.push(`~ ${c.after.name}: ${c.what.join(", ")} — ${effect(c)}`);
  for (const r of plan.record)
    lines.push(`= ${r.node}: ${r.what.join(", ")} — recorded, nothing running is touched`);
  if (plan.renamed !== null) lines.push(`~ name ${plan.renamed.join(" → ")}`);
  for (const e of plan.edgesAdded) lines.push(`+ edge ${e}`);
  for (const e of plan.edgesRemoved) lines.push(`- edge ${e}`);
  if (plan.custodian.length > 0)
    lines.push(
      `~ custodian: ${plan.custodian.join(", ")} — at once (its ladders start over; escalations stay)`,
    );
  for (const s of plan.later) lines.push(`! ${s} changed: takes effect at the next \`baton up\``);
  const untouched = running - plan.remove.length - plan.change.length;
  lines.push(
    touched === 0
      ? `nothing to converge: the running nodes match baton.yaml`
      : `${touched} node${touched === 1 ? "" : "s"} touched, ${untouched} untouched`,
  );
  return lines;
}

/** What converging a change does, in words. */
function effect(c: NodeChange): string {
  switch (c.touch) {
    case "republish":
      return "its adapter gets the new routing (requests in flight finish)";
    case "remock":
      return c.after.role === "egress" && c.before.role !== "egress"
        ? "its mock replaced; an egress node stays mocked (a live service is stopped)"
        : "its mock replaced (a live service keeps serving)";
    case "reopen": {
      const samePlace = c.before.host === c.after.host && c.before.port === c.after.port;
      const protocol = c.before.proxy_mode !== c.after.proxy_mode;
      return [
        samePlace
          ? "its adapter reopened on the same port (connections cut, brief refusal)"
          : `a new adapter on ${c.after.host}:${c.after.port}, the old one drained`,
        protocol ? "a new mock; a live service is stopped (it spoke the old protocol)" : "",
      ]
        .filter((s) => s !== "")
        .join("; ");
    }
  }
}

/** Which runtime fields differ, in words. */
function differences(a: RuntimeNode, b: RuntimeNode): string[] {
  const out: string[] = [];
  for (const key of ["host", "port", "proxy_mode", "role", "contract", "health_path"] as const)
    if (a[key] !== b[key]) out.push(`${key} ${show(a[key])} → ${show(b[key])}`);
  if (a.contract === b.contract && contractEdited(a, b))
    out.push(`contract ${show(b.contract)} edited`);
  if (!isDeepStrictEqual(a.routing, b.routing)) out.push("routing");
  if (!isDeepStrictEqual(a.policy, b.policy))
    out.push(`call policy ${JSON.stringify(a.policy ?? {})} → ${JSON.stringify(b.policy ?? {})}`);
  return out;
}

/** A field's value in a plan line: strings and numbers as they are, anything else as JSON. */
function show(value: unknown): string {
  if (value === undefined || value === "") return "(none)";
  return typeof value === "string" || typeof value === "number"
    ? String(value)
    : JSON.stringify(value);
}

/** Whether both digests are known and differ (a missing one says nothing about the text). */
function contractEdited(a: RuntimeNode, b: RuntimeNode): boolean {
  const [da, db] = [a.contract_digest, b.contract_digest];
  return da !== undefined && db !== undefined && da !== db;
}

/** Whether what a node's mock is built from changed: it needs a new mock. */
export function mockSourceChanged(a: RuntimeNode, b: RuntimeNode): boolean {
  return (
    (["proxy_mode", "contract", "health_path", "role"] as const).some((k) => a[k] !== b[k]) ||
    contractEdited(a, b)
  );
}

/** The most disruptive touch the differences need. */
function touchOf(a: RuntimeNode, b: RuntimeNode): NodeTouch {
  if (a.host !== b.host || a.port !== b.port || a.proxy_mode !== b.proxy_mode) return "reopen";
  if (mockSourceChanged(a, b)) return "remock";
  return "republish";
}

/** `key` of a record that may be absent. */
function field(record: unknown, key: string): unknown {
  return (record as Record<string, unknown> | undefined)?.[key];
}

/** The top-level keys whose values differ between two records. */
function fieldsChanged(a: unknown, b: unknown): string[] {
  const ra = (a ?? {}) as Record<string, unknown>;
  const rb = (b ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(ra), ...Object.keys(rb)])].filter(
    (k) => !isDeepStrictEqual(ra[k], rb[k]),
  );
}
