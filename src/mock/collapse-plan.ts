import { BatonError, didYouMean, errorDiagnostic } from "../common/index.js";

/** Protocols a node's adapter speaks: the circuit's `proxy_mode` values. */
export type PlanProtocol = "http" | "tcp" | "grpc" | "protobuf" | "soap";

/** What a node is in the circuit. */
export type PlanRole = "service" | "ingress" | "egress";

/**
 * The part of a circuit node a collapse plan reads. Declared here, not imported, because mock/
 * may not import circuit/ (shared/design.md §3); the circuit's parsed nodes satisfy it as is.
 */
export interface PlanNode {
  readonly name: string;
  readonly role: PlanRole;
  readonly proxy_mode: PlanProtocol;
  /** Contract path, relative to the project directory; absent or "" when the node has none. */
  readonly contract?: string | undefined;
}

/** What serves one node's traffic under a plan. */
export type NodeBackend =
  /** A live service: the runtime slots it in (until then its adapter answers 503). */
  | { readonly kind: "live"; readonly node: string }
  /** A mock generated from the node's contract. */
  | {
      readonly kind: "mock";
      readonly node: string;
      readonly source: "contract";
      readonly contract: string;
      /** The mock speaks the node's protocol (the reference served HTTP for all, spec §20.4). */
      readonly protocol: PlanProtocol;
    }
  /** No contract to mock from: a generic JSON mock whose answers say why. */
  | {
      readonly kind: "mock";
      readonly node: string;
      readonly source: "generic";
      readonly protocol: PlanProtocol;
      /** Why the mock is generic, for its JSON answers and for `status`. */
      readonly reason: string;
    };

/** A mock backend, from a contract or generic. */
export type MockBackend = Extract<NodeBackend, { readonly kind: "mock" }>;

/** How far a circuit has collapsed from mocks to live services. */
export type CollapseLevel = "full_mock" | "partial" | "full_live";

/** Which backend serves each node, and what was done differently from what was asked. */
export interface CollapsePlan {
  readonly level: CollapseLevel;
  /** One per node, in the circuit's node order. */
  readonly backends: readonly NodeBackend[];
  /** Requests the plan could not follow, e.g. "egress node 'payments' stays mocked: …". */
  readonly notes: readonly string[];
}

/** The nodes whose backend differs between two plans, for `collapse --live` to touch only them. */
export interface CollapseChanges {
  readonly toMock: string[];
  readonly toLive: string[];
  readonly unchanged: string[];
}

/**
 * Plans which nodes run live and which are mocked (`baton up --mock` plans with `live` empty).
 * `live` is a set: duplicates are harmless. Egress nodes stand for services outside the circuit,
 * so they stay mocked even when named, with a note. Throws E_NODE_NOT_FOUND for a name that is
 * not a node, before planning anything.
 */
export function planCollapse(nodes: readonly PlanNode[], live: readonly string[]): CollapsePlan {
  const names = nodes.map((node) => node.name);
  const known = new Set(names);
  // Plans are keyed by node name (collapseChanges): a repeated name is a caller's bug.
  if (known.size !== names.length) throw new TypeError("planCollapse: node names must be unique");
  const unknown = [...new Set(live.filter((name) => !known.has(name)))];
  if (unknown.length > 0) throw unknownNodes(unknown, names);

  const wanted = new Set(live);
  const notes: string[] = [];
  const backends = nodes.map((node): NodeBackend => {
    if (!wanted.has(node.name)) return mockOf(node);
    if (node.role !== "egress") return { kind: "live", node: node.name };
    notes.push(
      `egress node '${node.name}' stays mocked: it stands for an external service and cannot be live`,
    );
    return mockOf(node);
  });
  return { level: levelOf(nodes, backends), backends, notes };
}

/**
 * The nodes of `next` whose backend is not the one they have under `current`: `toLive` and
 * `toMock` by their new backend (a mock whose contract or protocol changed is in `toMock`: it
 * must be rebuilt), the rest `unchanged`, each in `next`'s node order. A node only in `next`
 * counts as changed; one only in `current` is left out (leaving the circuit is not a collapse).
 */
export function collapseChanges(current: CollapsePlan, next: CollapsePlan): CollapseChanges {
  const before = new Map(current.backends.map((backend) => [backend.node, backend]));
  const changes: CollapseChanges = { toMock: [], toLive: [], unchanged: [] };
  for (const backend of next.backends) {
    const was = before.get(backend.node);
    if (was !== undefined && sameBackend(was, backend)) changes.unchanged.push(backend.node);
    else if (backend.kind === "live") changes.toLive.push(backend.node);
    else changes.toMock.push(backend.node);
  }
  return changes;
}

/**
 * `full_mock` when nothing is live, `full_live` when every non-egress node is, else `partial`.
 * Egress nodes never count against `full_live`: they can never be live, so counting them made
 * `full_live` unreachable for any circuit with an egress node (the reference's bug, spec §20.12
 * item 60). A circuit of egress nodes only (or none) has nothing live: `full_mock`.
 */
function levelOf(nodes: readonly PlanNode[], backends: readonly NodeBackend[]): CollapseLevel {
  const liveCount = backends.filter((backend) => backend.kind === "live").length;
  if (liveCount === 0) return "full_mock";
  const canBeLive = nodes.filter((node) => node.role !== "egress").length;
  return liveCount === canBeLive ? "full_live" : "partial";
}

function mockOf(node: PlanNode): MockBackend {
  const { name, proxy_mode: protocol, contract } = node;
  if (contract !== undefined && contract !== "")
    return { kind: "mock", node: name, source: "contract", contract, protocol };
  return {
    kind: "mock",
    node: name,
    source: "generic",
    protocol,
    reason: `node '${name}' has no contract, so its mock is generic JSON; attach one with 'baton contract set ${name} FILE'`,
  };
}

function sameBackend(a: NodeBackend, b: NodeBackend): boolean {
  if (a.kind === "live" || b.kind === "live") return a.kind === b.kind;
  return a.protocol === b.protocol && contractOf(a) === contractOf(b);
}

function contractOf(backend: MockBackend): string | undefined {
  return backend.source === "contract" ? backend.contract : undefined;
}

/** One error for every unknown name, led by the first; each with the nearest node as hint. */
function unknownNodes(unknown: readonly string[], names: readonly string[]): BatonError {
  const hintFor = (name: string): string =>
    didYouMean(name, names) ||
    (names.length > 0 ? `nodes: ${names.join(", ")}` : "add one with 'baton node add'");
  const messageFor = (name: string): string => `no node '${name}' in the circuit`;
  const first = unknown[0] ?? "";
  return new BatonError("E_NODE_NOT_FOUND", messageFor(first), {
    hint: hintFor(first),
    diagnostics: unknown.map((name) =>
      errorDiagnostic("E_NODE_NOT_FOUND", messageFor(name), hintFor(name)),
    ),
  });
}
