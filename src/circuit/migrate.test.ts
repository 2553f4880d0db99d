import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkCircuitText } from "./load-circuit.js";
import { migrationEdits } from "./migrate.js";
import { applyYamlEdits } from "./yaml-edit.js";

const V1 = `# legacy circuit
name: legacy
version: 1
nodes:
  - name: api   # public API
    port: 8001
    role: ingress
  - name: db
    port: 5432
    proxy_mode: tcp
    authority: [db.*]
edges:
  - source: api
    target: db
    policy: {timeout_ms: 500}
# trailing comment
`;

function migrate(text: string): string {
  return applyYamlEdits(text, migrationEdits(parse(text) as Record<string, unknown>));
}

describe("migrate v1 -> v2", () => {
  it("adds the v2 fields without overwriting any, and keeps comments", () => {
    const out = migrate(V1);
    const doc = parse(out) as {
      version: number;
      nodes: Record<string, unknown>[];
      edges: Record<string, unknown>[];
      arbiter: unknown;
      ledger: unknown;
      audit_channel: unknown;
    };
    expect(doc.version).toBe(2);
    expect(doc.nodes[0]).toMatchObject({
      data_access: { reads: [], writes: [] },
      authority: [],
      openapi_spec: "",
    });
    expect(doc.nodes[1]?.authority).toEqual(["db.*"]);
    expect(doc.nodes[1]).not.toHaveProperty("openapi_spec");
    expect(doc.edges[0]).toMatchObject({ data_tiers_in_flight: [], policy: { timeout_ms: 500 } });
    expect(doc.arbiter).toEqual({
      endpoint: "",
      api_endpoint: "",
      forward_spans: false,
      classification_tagging: false,
    });
    expect(doc.ledger).toEqual({ api_endpoint: "", mock_from_ledger: true });
    expect(doc.audit_channel).toEqual({ port: 9000, protocol: "http" });
    for (const comment of ["# legacy circuit", "# public API", "# trailing comment"])
      expect(out).toContain(comment);
    expect(checkCircuitText("/tmp/baton.yaml", out, "/tmp").errors).toEqual([]);
  });

  it("is idempotent", () => {
    const once = migrate(V1);
    expect(migrationEdits(parse(once) as Record<string, unknown>)).toEqual([]);
    expect(migrate(once)).toBe(once);
  });

  it("treats a file without version as version 1 and an empty file as an empty circuit", () => {
    expect(parse(migrate("name: x\n"))).toMatchObject({
      version: 2,
      ledger: { mock_from_ledger: true },
    });
    expect(migrationEdits({})[0]).toEqual({
      op: "set",
      path: ["version"],
      value: 2,
      after: "name",
    });
  });
});
