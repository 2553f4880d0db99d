import { didYouMean } from "../common/index.js";
import type { CheckContext } from "./check-context.js";
import { findCycles } from "./graph.js";
import { HEALTH_PATH } from "./rules.js";
import type { CircuitConfig } from "./schema.js";
import { V2_ONLY_FIELDS } from "./schema.js";

/** Version-2 fields used in a version-1 file. */
export function checkVersionFields(ctx: CheckContext, raw: Record<string, unknown>): void {
  if (raw.version !== undefined && raw.version !== 1) return;
  const hint = "set version: 2 (or run 'baton migrate-config') to use it";
  const declared =
    raw.version === undefined
      ? "a file without version: is version 1"
      : "this file declares version 1";
  const report = (path: (string | number)[], field: string): void =>
    ctx.error("E_CONFIG_INVALID", path, `'${field}' needs version 2, but ${declared}`, hint, true);
  for (const key of V2_ONLY_FIELDS.top) if (key in raw) report([key], key);
  const list = (name: "nodes" | "edges", fields: readonly string[]): void => {
    const items = raw[name];
    if (!Array.isArray(items)) return;
    items.forEach((item: unknown, i) => {
      if (typeof item !== "object" || item === null) return;
      for (const f of fields) if (f in item) report([name, i, f], f);
    });
  };
  list("nodes", V2_ONLY_FIELDS.node);
  list("edges", V2_ONLY_FIELDS.edge);
}

/** Unique names and ports, legacy fields, edges that make sense; cycles and entry points as warnings. */
export function checkTopology(ctx: CheckContext, config: CircuitConfig): void {
  const byName = new Map<string, number>();
  const byPort = new Map<number, number>();
  config.nodes.forEach((node, i) => {
    const first = byName.get(node.name);
    if (first !== undefined) {
      ctx.error(
        "E_CONFIG_INVALID",
        ["nodes", i, "name"],
        `duplicate node name '${node.name}' (also nodes[${first}])`,
        "node names must be unique; rename one of them",
      );
    } else byName.set(node.name, i);
    const owner = byPort.get(node.port);
    if (owner !== undefined) {
      const other = config.nodes[owner]?.name ?? "";
      ctx.error(
        "E_CONFIG_INVALID",
        ["nodes", i, "port"],
        `port ${node.port} is already used by node '${other}' (nodes[${owner}])`,
        "give each node its own port; 'baton node add' picks a free one when --port is omitted",
      );
    } else byPort.set(node.port, i);
    const legacyHealth = node.metadata.health_path;
    if (legacyHealth !== undefined && !HEALTH_PATH.test(legacyHealth)) {
      ctx.error(
        "E_CONFIG_INVALID",
        ["nodes", i, "metadata", "health_path"],
        `'${legacyHealth}' is not a health path`,
        "use an absolute path such as /health",
      );
    }
    if (node.management_port !== undefined) {
      ctx.warn(
        "W_FIELD_IGNORED",
        ["nodes", i, "management_port"],
        "management_port is ignored: Baton serves one admin API on .baton/admin.sock",
        "remove the key",
        true,
      );
    }
  });

  const names = config.nodes.map((n) => n.name);
  const seen = new Map<string, number>();
  config.edges.forEach((edge, i) => {
    let known = true;
    for (const end of ["source", "target"] as const) {
      if (!byName.has(edge[end])) {
        known = false;
        const near = didYouMean(edge[end], names);
        ctx.error(
          "E_CONFIG_INVALID",
          ["edges", i, end],
          `edge ${end} '${edge[end]}' is not a node`,
          near ||
            `declare the node under nodes: or fix the name (nodes: ${names.join(", ") || "none"})`,
        );
      }
    }
    if (edge.source === edge.target) {
      ctx.error(
        "E_CONFIG_INVALID",
        ["edges", i],
        `self-edge ${edge.source} -> ${edge.target}`,
        "a node does not call itself through Baton; remove the edge",
      );
      return;
    }
    const key = `${edge.source}\u0000${edge.target}`;
    const dup = seen.get(key);
    if (dup !== undefined) {
      ctx.error(
        "E_CONFIG_INVALID",
        ["edges", i],
        `duplicate edge ${edge.source} -> ${edge.target} (also edges[${dup}])`,
        "remove one of them (put both policies in one edge)",
      );
    } else seen.set(key, i);
    const source = known ? config.nodes[byName.get(edge.source) ?? -1] : undefined;
    if (source?.role === "egress") {
      ctx.error(
        "E_CONFIG_INVALID",
        ["edges", i, "source"],
        `egress node '${edge.source}' cannot call other nodes`,
        "egress nodes stand for external services; make it a service or reverse the edge",
      );
    }
  });

  for (const cycle of findCycles(names, config.edges)) {
    const at = config.edges.findIndex((e) => e.source === cycle[0] && e.target === cycle[1]);
    ctx.warn(
      "W_CYCLE",
      ["edges", Math.max(at, 0)],
      `cycle ${cycle.join(" -> ")}`,
      "cycles are allowed; make sure the services cannot call each other forever",
    );
  }
  if (config.nodes.length > 0 && !config.nodes.some((n) => n.role === "ingress")) {
    ctx.warn(
      "W_NO_INGRESS",
      ["nodes"],
      "no node has role ingress",
      "mark the entry point with role: ingress ('baton node add NAME --role ingress')",
      true,
    );
  }
}
