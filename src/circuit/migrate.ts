import { LATEST_SCHEMA_VERSION } from "./schema.js";
import type { YamlEdit } from "./yaml-edit.js";

/**
 * Edits that bring a version-1 baton.yaml to version 2: the version, and the v2 fields with
 * empty values so they are there to fill in. Never overwrites a key; none when already v2.
 */
export function migrationEdits(raw: Record<string, unknown>): YamlEdit[] {
  const version = typeof raw.version === "number" ? raw.version : 1;
  if (version >= LATEST_SCHEMA_VERSION) return [];
  const edits: YamlEdit[] = [
    { op: "set", path: ["version"], value: LATEST_SCHEMA_VERSION, after: "name" },
  ];
  const missing = (item: unknown, key: string): boolean =>
    typeof item === "object" && item !== null && !(key in item);
  const nodes = Array.isArray(raw.nodes) ? (raw.nodes as unknown[]) : [];
  nodes.forEach((node, i) => {
    if (missing(node, "data_access"))
      edits.push({
        op: "set",
        path: ["nodes", i, "data_access"],
        value: { reads: [], writes: [] },
      });
    if (missing(node, "authority"))
      edits.push({ op: "set", path: ["nodes", i, "authority"], value: [] });
    const mode = (node as { proxy_mode?: unknown }).proxy_mode;
    if ((mode === undefined || mode === "http") && missing(node, "openapi_spec")) {
      edits.push({ op: "set", path: ["nodes", i, "openapi_spec"], value: "" });
    }
  });
  const edges = Array.isArray(raw.edges) ? (raw.edges as unknown[]) : [];
  edges.forEach((edge, i) => {
    if (missing(edge, "data_tiers_in_flight"))
      edits.push({ op: "set", path: ["edges", i, "data_tiers_in_flight"], value: [] });
  });
  const sections: Record<string, unknown> = {
    arbiter: {
      endpoint: "",
      api_endpoint: "",
      forward_spans: false,
      classification_tagging: false,
    },
    ledger: { api_endpoint: "", mock_from_ledger: true },
    audit_channel: { port: 9000, protocol: "http" },
  };
  for (const [key, value] of Object.entries(sections))
    if (!(key in raw)) edits.push({ op: "set", path: [key], value });
  return edits;
}
