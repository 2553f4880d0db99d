import { describe, expect, it } from "vitest";
import {
  check,
  onlyError,
  place,
  places,
  useFixtureDir,
} from "../../test/support/circuit-check.js";

// Topology rules: node names and ports, duplicates, edges, metadata and health paths, ignored
// and version-2-only fields, and the graph warnings (cycles, no ingress).

useFixtureDir();

describe.each([1, 2])("checkCircuitText, version %i", (version) => {
  describe("node names", () => {
    it.each([
      ["Upper", "upper"],
      ["under_score", "under-score"],
      ["9lives", "lives"],
      ["trailing-", "trailing"],
      ["a".repeat(64), "a".repeat(63)],
    ])("rejects '%s' and suggests '%s'", (name, fixed) => {
      const error = onlyError(
        check(`version: ${version}\nnodes:\n  - name: ${name}\n    port: 9001\n`),
      );
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "nodes[0].name",
        line: 3,
        column: 11,
      });
      expect(error.message).toBe(`'${name}' is not a lowercase DNS label`);
      expect(error.hint).toContain(`use '${fixed}'`);
    });

    it("explains the rule when no fixed name can be derived", () => {
      const error = onlyError(
        check(`version: ${version}\nnodes:\n  - name: "-"\n    port: 9001\n`),
      );
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "nodes[0].name",
        line: 3,
        column: 11,
      });
      expect(error.hint).not.toContain("use '");
      expect(error.hint).toContain("lowercase letters, digits and '-'");
    });

    it("accepts one letter, digits and dashes inside, and 63 characters", () => {
      const text = `version: ${version}
nodes:
  - {name: a, port: 9001, role: ingress}
  - {name: orders-v2, port: 9002}
  - {name: ${"b".repeat(63)}, port: 9003}
`;
      const result = check(text);
      expect(result.errors).toEqual([]);
      expect(result.config?.nodes.map((n) => n.name)).toEqual(["a", "orders-v2", "b".repeat(63)]);
    });

    it("reports a duplicate name at the second node", () => {
      const text = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
  - name: users
    port: 9002
  - name: api
    port: 9003
`;
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "nodes[2].name",
        line: 8,
        column: 11,
      });
      expect(error.message).toBe("duplicate node name 'api' (also nodes[0])");
      expect(error.hint).toContain("unique");
    });
  });

  describe("ports", () => {
    it.each([0, 70000, -1])("rejects port %i", (port) => {
      const error = onlyError(
        check(`version: ${version}\nnodes:\n  - name: api\n    port: ${port}\n`),
      );
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "nodes[0].port",
        line: 4,
        column: 11,
      });
      expect(error.message).toBe(`${port} is not a port (1-65535)`);
      expect(error.hint).toContain("1 to 65535");
    });

    it("accepts ports 1 and 65535", () => {
      const text = `version: ${version}
nodes:
  - {name: low, port: 1, role: ingress}
  - {name: high, port: 65535}
`;
      const result = check(text);
      expect(result.errors).toEqual([]);
      expect(result.config?.nodes.map((n) => n.port)).toEqual([1, 65535]);
    });

    it("reports a duplicate port at the second node, naming the first", () => {
      const text = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
  - name: users
    port: 9001
`;
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "nodes[1].port",
        line: 7,
        column: 11,
      });
      expect(error.message).toBe("port 9001 is already used by node 'api' (nodes[0])");
      expect(error.hint).toContain("own port");
    });
  });

  describe("edges", () => {
    const nodes = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
  - name: orders
    port: 9002
  - name: stripe
    port: 9003
    role: egress
edges:
`;

    it("reports an unknown target with a did-you-mean among the node names", () => {
      const error = onlyError(check(`${nodes}  - source: api\n    target: ordrs\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "edges[0].target",
        line: 13,
        column: 13,
      });
      expect(error.message).toBe("edge target 'ordrs' is not a node");
      expect(error.hint).toBe("did you mean 'orders'?");
    });

    it("reports an unknown source with a did-you-mean", () => {
      const error = onlyError(check(`${nodes}  - source: apx\n    target: orders\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "edges[0].source",
        line: 12,
        column: 13,
      });
      expect(error.message).toBe("edge source 'apx' is not a node");
      expect(error.hint).toBe("did you mean 'api'?");
    });

    it("lists the nodes when no name is close", () => {
      const error = onlyError(check(`${nodes}  - source: billing\n    target: orders\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "edges[0].source",
        line: 12,
        column: 13,
      });
      expect(error.hint).toContain("nodes: api, orders, stripe");
    });

    it("rejects a self-edge", () => {
      const error = onlyError(check(`${nodes}  - source: orders\n    target: orders\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "edges[0]",
        line: 12,
        column: 5,
      });
      expect(error.message).toBe("self-edge orders -> orders");
      expect(error.hint).toContain("remove the edge");
    });

    it("rejects a duplicate edge at the second one", () => {
      const error = onlyError(
        check(`${nodes}  - source: api\n    target: orders\n  - source: api\n    target: orders\n`),
      );
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "edges[1]",
        line: 14,
        column: 5,
      });
      expect(error.message).toBe("duplicate edge api -> orders (also edges[0])");
    });

    it("rejects an egress node as source", () => {
      const error = onlyError(check(`${nodes}  - source: stripe\n    target: orders\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "edges[0].source",
        line: 12,
        column: 13,
      });
      expect(error.message).toBe("egress node 'stripe' cannot call other nodes");
      expect(error.hint).toContain("reverse the edge");
    });

    it("accepts an egress node as target", () => {
      const result = check(`${nodes}  - source: orders\n    target: stripe\n`);
      expect(result.errors).toEqual([]);
      expect(result.config?.edges).toEqual([
        { source: "orders", target: "stripe", label: "", data_tiers_in_flight: [] },
      ]);
    });
  });

  describe("metadata", () => {
    it.each([
      ["a bell", "\\u0007"],
      ["a tab", "\\t"],
      ["a line break", "\\n"],
      ["a NUL byte", "\\0"],
    ])("rejects a value with %s", (_label, escape) => {
      const text = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
    metadata:
      team: platform
      owner: "team${escape}platform"
`;
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "nodes[0].metadata.owner",
        line: 8,
        column: 14,
      });
      expect(error.message).toBe("contains control characters");
      expect(error.hint).toContain("line breaks");
    });

    it("rejects an invalid metadata.health_path and accepts a valid one", () => {
      const text = (value: string): string => `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
    metadata:
      health_path: ${value}
`;
      const error = onlyError(check(text("health")));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "nodes[0].metadata.health_path",
        line: 7,
        column: 20,
      });
      expect(error.message).toBe("'health' is not a health path");
      expect(error.hint).toContain("/health");
      expect(check(text("/ready")).errors).toEqual([]);
    });
  });

  it("warns (does not fail) on management_port", () => {
    const text = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
    management_port: 9100
`;
    const result = check(text);
    expect(result.errors).toEqual([]);
    expect(result.config).toBeDefined();
    expect(places(result.warnings)).toEqual([
      { code: "W_FIELD_IGNORED", field: "nodes[0].management_port", line: 6, column: 5 },
    ]);
    expect(result.warnings[0]?.severity).toBe("warning");
    expect(result.warnings[0]?.message).toContain("management_port is ignored");
    expect(result.warnings[0]?.hint).toBe("remove the key");
  });

  describe("graph warnings", () => {
    it("warns about a cycle a -> b -> a and keeps the circuit valid", () => {
      const text = `version: ${version}
nodes:
  - name: a
    port: 9001
    role: ingress
  - name: b
    port: 9002
edges:
  - source: a
    target: b
  - source: b
    target: a
`;
      const result = check(text);
      expect(result.errors).toEqual([]);
      expect(result.config?.edges).toHaveLength(2);
      expect(places(result.warnings)).toEqual([
        { code: "W_CYCLE", field: "edges[0]", line: 9, column: 5 },
      ]);
      expect(result.warnings[0]?.message).toContain("a -> b -> a");
      expect(result.warnings[0]?.severity).toBe("warning");
    });

    it("warns when no node is an ingress", () => {
      const text = `version: ${version}
nodes:
  - name: a
    port: 9001
  - name: b
    port: 9002
edges:
  - {source: a, target: b}
`;
      const result = check(text);
      expect(result.errors).toEqual([]);
      expect(result.config).toBeDefined();
      expect(places(result.warnings)).toEqual([
        { code: "W_NO_INGRESS", field: "nodes", line: 2, column: 1 },
      ]);
      expect(result.warnings[0]?.message).toBe("no node has role ingress");
      expect(result.warnings[0]?.hint).toContain("role: ingress");
    });
  });
});

describe("checkCircuitText: schema version", () => {
  const V2_FIELDS_TEXT = (version: string): string => `${version}name: shop
nodes:
  - name: api
    port: 9001
    role: ingress
    data_access:
      reads: [users]
    authority: [admin]
    openapi_spec: ""
    health_path: /healthz
  - name: users
    port: 9002
edges:
  - source: api
    target: users
    data_tiers_in_flight: [pii]
arbiter:
  endpoint: localhost:7700
ledger: {}
audit_channel:
  port: 9000
taint:
  enabled: true
custodian: {}
canary: {}
`;

  it.each([
    ["declares version 1", "version: 1\n", 1],
    ["declares no version", "", 0],
  ])("rejects version-2 fields in a file that %s, at each key", (_label, head, shift) => {
    const result = check(V2_FIELDS_TEXT(head));
    expect(result.config).toBeUndefined();
    const line = (n: number): number => n + shift;
    expect(places(result.errors)).toEqual([
      { code: "E_CONFIG_INVALID", field: "nodes[0].data_access", line: line(6), column: 5 },
      { code: "E_CONFIG_INVALID", field: "nodes[0].authority", line: line(8), column: 5 },
      { code: "E_CONFIG_INVALID", field: "nodes[0].openapi_spec", line: line(9), column: 5 },
      { code: "E_CONFIG_INVALID", field: "nodes[0].health_path", line: line(10), column: 5 },
      {
        code: "E_CONFIG_INVALID",
        field: "edges[0].data_tiers_in_flight",
        line: line(16),
        column: 5,
      },
      { code: "E_CONFIG_INVALID", field: "arbiter", line: line(17), column: 1 },
      { code: "E_CONFIG_INVALID", field: "ledger", line: line(19), column: 1 },
      { code: "E_CONFIG_INVALID", field: "audit_channel", line: line(20), column: 1 },
      { code: "E_CONFIG_INVALID", field: "taint", line: line(22), column: 1 },
      { code: "E_CONFIG_INVALID", field: "custodian", line: line(24), column: 1 },
      { code: "E_CONFIG_INVALID", field: "canary", line: line(25), column: 1 },
    ]);
    for (const error of result.errors) {
      const key = (error.location?.field ?? "").split(".").pop() ?? "";
      expect(error.message).toBe(
        `'${key}' needs version 2, but ${head === "" ? "a file without version: is version 1" : "this file declares version 1"}`,
      );
      expect(error.hint).toContain("migrate-config");
      expect(error.hint).toContain("version: 2");
    }
  });

  it("accepts the same fields in version 2", () => {
    const result = check(V2_FIELDS_TEXT("version: 2\n"));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.config?.version).toBe(2);
    expect(result.config?.nodes[0]?.data_access).toEqual({ reads: ["users"], writes: [] });
    expect(result.config?.edges[0]?.data_tiers_in_flight).toEqual(["pii"]);
    expect(result.config?.audit_channel).toEqual({ port: 9000, protocol: "http" });
  });
});

describe("checkCircuitText: version-2 sections", () => {
  it("rejects an invalid node health_path", () => {
    const text = `version: 2
nodes:
  - name: api
    port: 9001
    role: ingress
    health_path: /health?verbose=1
`;
    const error = onlyError(check(text));
    expect(place(error)).toEqual({
      code: "E_CONFIG_INVALID",
      field: "nodes[0].health_path",
      line: 6,
      column: 18,
    });
    expect(error.message).toBe("'/health?verbose=1' is not a health path");
    expect(error.hint).toContain("absolute path such as /health");
  });
});
