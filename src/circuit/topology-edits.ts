import { BatonError, didYouMean } from "../common/index.js";
import type { CircuitConfig } from "./schema.js";
import type { ProxyMode, Role } from "./schema-topology.js";
import type { YamlEdit } from "./yaml-edit.js";

/** The edits a command makes to baton.yaml, and what to tell the user. */
export interface TopologyChange {
  readonly edits: readonly YamlEdit[];
  readonly summary: string;
}

/** A node to add; omitted fields take the defaults and are not written. */
export interface NewNode {
  readonly name: string;
  readonly port: number;
  readonly mode?: ProxyMode;
  readonly role?: Role;
}

/** Appends a node; its name and port must be free. */
export function addNode(config: CircuitConfig, node: NewNode): TopologyChange {
  if (config.nodes.some((n) => n.name === node.name)) {
    throw new BatonError("E_NODE_EXISTS", `node '${node.name}' already exists`, {
      hint: "choose another name, or 'baton node rm' the old one first",
    });
  }
  const owner = config.nodes.find((n) => n.port === node.port);
  if (owner) {
    throw new BatonError(
      "E_CONFIG_INVALID",
      `port ${node.port} is already used by node '${owner.name}'`,
      {
        hint: "choose another --port, or omit it to get a free one",
      },
    );
  }
  const value: Record<string, unknown> = { name: node.name, port: node.port };
  if (node.mode !== undefined && node.mode !== "http") value.proxy_mode = node.mode;
  if (node.role !== undefined && node.role !== "service") value.role = node.role;
  const extra = [node.role && node.role !== "service" ? node.role : "", node.mode ?? "http"]
    .filter(Boolean)
    .join(", ");
  return {
    edits: [{ op: "append", path: ["nodes"], value }],
    summary: `Added node '${node.name}' on port ${node.port} (${extra})`,
  };
}

/** Removes a node with every edge that touches it and its routing entry. */
export function removeNode(config: CircuitConfig, name: string): TopologyChange {
  const index = nodeIndex(config, name);
  const edits: YamlEdit[] = [];
  const edges = config.edges
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.source === name || e.target === name);
  for (const { i } of [...edges].reverse()) edits.push({ op: "remove", path: ["edges", i] });
  if (Object.hasOwn(config.routing, name)) edits.push({ op: "remove", path: ["routing", name] });
  edits.push({ op: "remove", path: ["nodes", index] });
  const also =
    edges.length === 0
      ? ""
      : ` and ${edges.length} edge${edges.length === 1 ? "" : "s"} (${edges.map(({ e }) => `${e.source} -> ${e.target}`).join(", ")})`;
  return { edits, summary: `Removed node '${name}'${also}` };
}

/** Adds a caller → callee edge. */
export function addEdge(config: CircuitConfig, source: string, target: string): TopologyChange {
  const from = config.nodes[nodeIndex(config, source)];
  nodeIndex(config, target);
  if (source === target) {
    throw new BatonError("E_EDGE_INVALID", `self-edge ${source} -> ${target}`, {
      hint: "a node does not call itself through Baton",
    });
  }
  if (config.edges.some((e) => e.source === source && e.target === target)) {
    throw new BatonError("E_EDGE_EXISTS", `edge ${source} -> ${target} already exists`, {
      hint: "nothing to do",
    });
  }
  if (from?.role === "egress") {
    throw new BatonError("E_EDGE_INVALID", `egress node '${source}' cannot call other nodes`, {
      hint: "egress nodes stand for external services; reverse the edge or change the node's role",
    });
  }
  return {
    edits: [{ op: "append", path: ["edges"], value: { source, target } }],
    summary: `Added edge ${source} -> ${target}`,
  };
}

/** Removes a caller → callee edge. */
export function removeEdge(config: CircuitConfig, source: string, target: string): TopologyChange {
  const index = config.edges.findIndex((e) => e.source === source && e.target === target);
  if (index < 0) {
    const reverse = config.edges.some((e) => e.source === target && e.target === source);
    throw new BatonError("E_EDGE_NOT_FOUND", `no edge ${source} -> ${target}`, {
      hint: reverse
        ? `there is ${target} -> ${source}; did you swap the names?`
        : "'baton status' lists the edges",
    });
  }
  return {
    edits: [{ op: "remove", path: ["edges", index] }],
    summary: `Removed edge ${source} -> ${target}`,
  };
}

/** Points a node at a contract (a path relative to the project). */
export function setContract(config: CircuitConfig, name: string, spec: string): TopologyChange {
  const index = nodeIndex(config, name);
  return {
    edits: [{ op: "set", path: ["nodes", index, "contract"], value: spec }],
    summary: `Set contract for '${name}' to ${spec}`,
  };
}

function nodeIndex(config: CircuitConfig, name: string): number {
  const index = config.nodes.findIndex((n) => n.name === name);
  if (index < 0) {
    const names = config.nodes.map((n) => n.name);
    throw new BatonError("E_NODE_NOT_FOUND", `no node '${name}' in the circuit`, {
      hint:
        didYouMean(name, names) ||
        (names.length > 0 ? `nodes: ${names.join(", ")}` : "add one with 'baton node add'"),
    });
  }
  return index;
}
