import { describe, expect, it } from "vitest";
import {
  apiAndOrders,
  at,
  check,
  onlyError,
  place,
  places,
  useFixtureDir,
} from "../../test/support/circuit-check.js";

// How schema (zod) issues become diagnostics: unknown keys with a did-you-mean, wrong types,
// enum values, missing fields and record keys, each at the key or value it is about.

useFixtureDir();

describe.each([1, 2])("checkCircuitText, version %i", (version) => {
  describe("unknown keys", () => {
    it("reports every unknown key at the key, with a did-you-mean", () => {
      const text = `version: ${version}
naem: shop
nodes:
  - name: api
    port: 9001
    role: ingress
    prot: 9002
  - name: users
    port: 9003
edges:
  - source: api
    target: users
    lable: reads users
    policy:
      timeout_ms: 100
      retires: 2
security:
  tls:
    mod: "off"
  control:
    auht: true
observability:
  snk: otel
`;
      const result = check(text);
      expect(result.config).toBeUndefined();
      expect(places(result.errors)).toEqual([
        { code: "E_CONFIG_INVALID", field: "naem", line: 2, column: 1 },
        { code: "E_CONFIG_INVALID", field: "nodes[0].prot", line: 7, column: 5 },
        { code: "E_CONFIG_INVALID", field: "edges[0].lable", line: 13, column: 5 },
        { code: "E_CONFIG_INVALID", field: "edges[0].policy.retires", line: 16, column: 7 },
        { code: "E_CONFIG_INVALID", field: "security.tls.mod", line: 19, column: 5 },
        { code: "E_CONFIG_INVALID", field: "security.control.auht", line: 21, column: 5 },
        { code: "E_CONFIG_INVALID", field: "observability.snk", line: 23, column: 3 },
      ]);
      const expected: [string, string, string][] = [
        ["naem", "naem", "name"],
        ["nodes[0].prot", "prot", "port"],
        ["edges[0].lable", "lable", "label"],
        ["edges[0].policy.retires", "retires", "retries"],
        ["security.tls.mod", "mod", "mode"],
        ["security.control.auht", "auht", "auth"],
        ["observability.snk", "snk", "sink"],
      ];
      for (const [field, key, near] of expected) {
        const error = at(result.errors, field);
        expect(error.message).toBe(`unknown key '${key}'`);
        expect(error.hint).toContain(`did you mean '${near}'?`);
      }
      expect(at(result.errors, "nodes[0].prot").hint).toContain("allowed here: name, port, host");
      expect(at(result.errors, "edges[0].policy.retires").hint).toContain("timeout_ms");
    });

    it("lists the allowed keys when no key is close", () => {
      const error = onlyError(
        check(`version: ${version}\nnodes:\n  - name: api\n    port: 9001\n    colour: blue\n`),
      );
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "nodes[0].colour",
        line: 5,
        column: 5,
      });
      expect(error.hint).not.toContain("did you mean");
      expect(error.hint).toContain("remove it or fix its spelling");
      expect(error.hint).toContain("allowed here: name, port,");
    });

    it("suggests a key in a flow-style edge policy", () => {
      const text = `version: ${version}
nodes:
  - {name: api, port: 9001, role: ingress}
  - {name: users, port: 9002}
edges:
  - {source: api, target: users, policy: {timout_ms: 5}}
`;
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "edges[0].policy.timout_ms",
        line: 6,
        column: 43,
      });
      expect(error.hint).toContain("did you mean 'timeout_ms'?");
    });
  });

  describe("types and required fields", () => {
    it("reports wrong types at the value", () => {
      const text = `version: ${version}
nodes:
  - name: api
    port: "9001"
    role: ingress
  - name: users
    port: 1.5
  - name: orders
    port: 9003
    proxy_mode: 3
`;
      const result = check(text);
      expect(places(result.errors)).toEqual([
        { code: "E_CONFIG_INVALID", field: "nodes[0].port", line: 4, column: 11 },
        { code: "E_CONFIG_INVALID", field: "nodes[1].port", line: 7, column: 11 },
        { code: "E_CONFIG_INVALID", field: "nodes[2].proxy_mode", line: 10, column: 17 },
      ]);
      const quoted = at(result.errors, "nodes[0].port");
      expect(quoted.message).toMatch(/^expected a (whole )?number, got '9001'$/);
      expect(quoted.hint).toMatch(/write port as a (whole )?number/);
      const fraction = at(result.errors, "nodes[1].port");
      expect(fraction.message).toBe("expected a whole number, got 1.5");
      const mode = at(result.errors, "nodes[2].proxy_mode");
      expect(mode.message).toBe("3 is not a valid proxy_mode");
      expect(mode.hint).toContain("use one of: http, tcp, grpc, protobuf, soap");
    });

    it("reports missing name and port on the node that lacks them", () => {
      const text = `version: ${version}
nodes:
  - port: 9001
    role: ingress
  - name: users
`;
      const result = check(text);
      expect(places(result.errors)).toEqual([
        { code: "E_CONFIG_INVALID", field: "nodes[0].name", line: 3, column: 5 },
        { code: "E_CONFIG_INVALID", field: "nodes[1].port", line: 5, column: 5 },
      ]);
      expect(at(result.errors, "nodes[0].name").message).toBe("'name' is required");
      expect(at(result.errors, "nodes[0].name").hint).toContain("add name:");
      expect(at(result.errors, "nodes[1].port").message).toBe("'port' is required");
      expect(at(result.errors, "nodes[1].port").hint).toContain("add port:");
    });

    it("reports a section of the wrong type", () => {
      const error = onlyError(check(`version: ${version}\nedges:\n  source: api\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "edges",
        line: 3,
        column: 3,
      });
      expect(error.message).toBe("expected a list, got a mapping");
      expect(error.hint).toBe("write edges as a list");
    });
  });

  describe("enums", () => {
    it("suggests the nearest proxy_mode and role", () => {
      const text = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingres
  - name: users
    port: 9002
    proxy_mode: htp
`;
      const result = check(text);
      expect(places(result.errors)).toEqual([
        { code: "E_CONFIG_INVALID", field: "nodes[0].role", line: 5, column: 11 },
        { code: "E_CONFIG_INVALID", field: "nodes[1].proxy_mode", line: 8, column: 17 },
      ]);
      const role = at(result.errors, "nodes[0].role");
      expect(role.message).toBe("'ingres' is not a valid role");
      expect(role.hint).toBe("did you mean 'ingress'? use one of: service, ingress, egress");
      const mode = at(result.errors, "nodes[1].proxy_mode");
      expect(mode.message).toBe("'htp' is not a valid proxy_mode");
      expect(mode.hint).toContain("did you mean 'http'?");
    });

    it("lists the values without a suggestion when none is close", () => {
      const error = onlyError(
        check(
          `version: ${version}\nnodes:\n  - name: api\n    port: 9001\n    proxy_mode: carrier-pigeon\n`,
        ),
      );
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "nodes[0].proxy_mode",
        line: 5,
        column: 17,
      });
      expect(error.hint).toBe("use one of: http, tcp, grpc, protobuf, soap");
    });
  });

  describe("top-level routing keys", () => {
    const nodes = apiAndOrders(version);

    it("reports a key that is not a valid node name at the key, suggesting the node", () => {
      const error = onlyError(check(`${nodes}routing:\n  Orders:\n    strategy: single\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "routing.Orders",
        line: 9,
        column: 3,
      });
      expect(error.message).toContain("Orders");
      expect(error.hint).toContain("'orders'");
    });
  });
});

describe("checkCircuitText: version-2 sections", () => {
  it("suggests keys in the custodian and canary sections", () => {
    const text = `version: 2
custodian:
  enabeld: true
canary:
  step_pct: [10, 100]
`;
    const result = check(text);
    expect(places(result.errors)).toEqual([
      { code: "E_CONFIG_INVALID", field: "custodian.enabeld", line: 3, column: 3 },
      { code: "E_CONFIG_INVALID", field: "canary.step_pct", line: 5, column: 3 },
    ]);
    expect(at(result.errors, "custodian.enabeld").hint).toContain("did you mean 'enabled'?");
    expect(at(result.errors, "canary.step_pct").hint).toContain("did you mean 'steps_pct'?");
  });
});
