import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Diagnostic, DiagnosticCode } from "../common/index.js";
import { checkCircuitText, type CircuitCheck } from "./load-circuit.js";

// ---------------------------------------------------------------------------------------------
// Fixtures and helpers
// ---------------------------------------------------------------------------------------------

let dir = "";

/** Checks baton.yaml text as if it were `<dir>/baton.yaml`, resolving contracts against `dir`. */
function check(text: string): CircuitCheck {
  return checkCircuitText(path.join(dir, "baton.yaml"), text, dir);
}

interface Place {
  readonly code: DiagnosticCode;
  readonly field: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

/** What a diagnostic is and where it points. */
function place(d: Diagnostic): Place {
  return {
    code: d.code,
    field: d.location?.field,
    line: d.location?.line,
    column: d.location?.column,
  };
}

/** The places of all diagnostics, in reading order. */
function places(list: readonly Diagnostic[]): Place[] {
  return list
    .map(place)
    .sort(
      (a, b) =>
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0) ||
        String(a.field).localeCompare(String(b.field)),
    );
}

/** The one error of a check (fails, listing them, when there are none or several). */
function onlyError(result: CircuitCheck): Diagnostic {
  expect(places(result.errors)).toHaveLength(1);
  expect(result.config).toBeUndefined();
  return result.errors[0] as Diagnostic;
}

/** The diagnostic at `field` among `list` (fails, listing them, when there is none). */
function at(list: readonly Diagnostic[], field: string): Diagnostic {
  const found = list.find((d) => d.location?.field === field);
  if (found === undefined) {
    throw new Error(`no diagnostic at ${field}; got ${JSON.stringify(places(list))}`);
  }
  return found;
}

/** 1-based line and column of the `nth` occurrence of `marker` in `text`. */
function pos(text: string, marker: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(marker, index + 1);
    if (index < 0) throw new Error(`'${marker}' (#${nth}) is not in the text`);
  }
  const before = text.slice(0, index);
  return { line: before.split("\n").length, column: index - before.lastIndexOf("\n") };
}

/** Indents every line of `block` by `columns` spaces. */
function indent(block: string, columns: number): string {
  return block
    .split("\n")
    .map((line) => " ".repeat(columns) + line)
    .join("\n");
}

function writeFile(relative: string, text: string): void {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const LOCAL_REF_CONTRACT = `openapi: 3.0.3
info:
  title: orders
  version: "1"
paths:
  /orders:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Missing"
components:
  schemas:
    Order: {type: object}
`;

/** An OpenAPI 3.1 document whose one `$ref` (line 14, column 23) points at `ref`. */
function fileRefContract(ref: string): string {
  return `openapi: 3.1.0
info:
  title: orders
  version: "1"
paths:
  /orders:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "${ref}"
`;
}

const VALID_CONTRACTS: Record<string, Record<string, unknown>> = {
  "openapi-2.0": {
    swagger: "2.0",
    info: { title: "orders", version: "1" },
    paths: {
      "/orders": {
        get: {
          responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Order" } } },
        },
      },
    },
    definitions: { Order: { type: "object" } },
  },
  "openapi-3.0": {
    openapi: "3.0.3",
    info: { title: "orders", version: "1" },
    paths: {
      "/orders": {
        post: {
          requestBody: {
            content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } },
          },
          responses: { "201": { description: "created" } },
        },
      },
    },
    components: { schemas: { Order: { type: "object" } } },
  },
  "openapi-3.1": {
    openapi: "3.1.0",
    info: { title: "orders", version: "1" },
    webhooks: {},
  },
  "json-schema": {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: { id: { $ref: "#/$defs/Id" } },
    $defs: { Id: { type: "string" } },
  },
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-"));
  for (const [name, doc] of Object.entries(VALID_CONTRACTS)) {
    writeFile(`contracts/${name}.yaml`, stringify(doc));
    writeFile(`contracts/${name}.json`, JSON.stringify(doc, null, 2));
  }
  writeFile("contracts/schemas/order.yaml", "Order:\n  type: object\n");
  writeFile("contracts/file-ref-ok.yaml", fileRefContract("schemas/order.yaml#/Order"));
  writeFile("contracts/file-ref-missing.yaml", fileRefContract("./schemas/missing.yaml#/Order"));
  writeFile("contracts/pointer-ref.yaml", fileRefContract("./schemas/order.yaml#/Missing"));
  writeFile("contracts/local-ref.yaml", LOCAL_REF_CONTRACT);
  writeFile("contracts/broken.yaml", 'openapi: 3.0.3\ninfo:\n  title: "unterminated\npaths: {}\n');
  writeFile("contracts/broken.json", '{\n  "openapi": "3.0.3",\n  "info": {"title": "x"\n');
  writeFile("contracts/neither.yaml", "hello: world\ncount: 3\n");
  writeFile("certs/tls.crt", "-----BEGIN CERTIFICATE-----\n");
  writeFile("certs/tls.key", "-----BEGIN PRIVATE KEY-----\n");
});

afterAll(() => {
  if (dir !== "") fs.rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Syntax and the shape of the file
// ---------------------------------------------------------------------------------------------

describe("checkCircuitText: YAML syntax and file shape", () => {
  describe.each([1, 2])("version %i", (version) => {
    it("reports malformed YAML as E_CONFIG_PARSE with line and column", () => {
      const result = check(`version: ${version}\nname: shop: east\n`);
      const error = onlyError(result);
      expect(place(error)).toEqual({
        code: "E_CONFIG_PARSE",
        field: undefined,
        line: 2,
        column: 7,
      });
      expect(error.severity).toBe("error");
      expect(error.message).toMatch(/nested mappings/i);
      expect(error.message).not.toMatch(/at line \d+/);
      expect(error.hint).toContain("YAML syntax");
      expect(result.warnings).toEqual([]);
    });

    it("reports a duplicate key as E_CONFIG_PARSE at the second key", () => {
      const result = check(
        `version: ${version}\nnodes:\n  - name: api\n    port: 9001\n    port: 9002\n`,
      );
      const error = onlyError(result);
      expect(place(error)).toEqual({
        code: "E_CONFIG_PARSE",
        field: undefined,
        line: 5,
        column: 5,
      });
      expect(error.message).toMatch(/unique/);
    });

    it("reports every syntax error, not only the first", () => {
      const result = check(
        `version: ${version}\nname: shop: east\nnodes:\n  - name: api\n    port: 9001\n    port: 9002\n`,
      );
      expect(places(result.errors)).toEqual([
        { code: "E_CONFIG_PARSE", field: undefined, line: 2, column: 7 },
        { code: "E_CONFIG_PARSE", field: undefined, line: 6, column: 5 },
      ]);
      expect(result.config).toBeUndefined();
    });
  });

  it("rejects a top-level list: the file must be a mapping", () => {
    const error = onlyError(check("- name: api\n  port: 9001\n"));
    expect(place(error)).toEqual({
      code: "E_CONFIG_INVALID",
      field: undefined,
      line: 1,
      column: 1,
    });
    expect(error.message).toContain("not a mapping");
    expect(error.hint).toContain("nodes");
  });

  it("rejects a top-level scalar", () => {
    const error = onlyError(check("just some text\n"));
    expect(error.code).toBe("E_CONFIG_INVALID");
    expect(error.message).toContain("not a mapping");
  });

  it("points a top-level list after a header comment at the list, not at the comment", () => {
    const error = onlyError(check("# shop circuit\n- name: api\n  port: 9001\n"));
    expect(place(error)).toEqual({
      code: "E_CONFIG_INVALID",
      field: undefined,
      line: 2,
      column: 1,
    });
  });

  it("reports a second YAML document in terms a user can act on", () => {
    const error = onlyError(check("version: 2\n---\nversion: 1\n"));
    expect(place(error)).toEqual({
      code: "E_CONFIG_PARSE",
      field: undefined,
      line: 2,
      column: 1,
    });
    expect(error.message).toMatch(/multiple documents/i);
    // A library API name is no advice for someone editing baton.yaml.
    expect(error.message).not.toContain("parseAllDocuments");
  });

  it.each([
    ["an empty file", ""],
    ["a file of comments", "# nothing here yet\n"],
    ["an empty document", "---\n"],
  ])("accepts %s as an empty version-1 circuit", (_label, text) => {
    const result = check(text);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.config).toEqual({
      name: "default",
      version: 1,
      nodes: [],
      edges: [],
      routing: {},
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Rules of both schema versions
// ---------------------------------------------------------------------------------------------

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

  describe.each([
    ["the top-level routing map", "routing.orders"],
    ["a node's routing", "nodes[1].routing"],
  ])("routing in %s", (_where, prefix) => {
    /** A circuit whose node `orders` is routed by `body` (YAML at column 0). */
    const routed = (body: string): string => {
      const head = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
  - name: orders
    port: 9002
`;
      return prefix === "routing.orders"
        ? `${head}routing:\n  orders:\n${indent(body, 4)}\n`
        : `${head}    routing:\n${indent(body, 6)}\n`;
    };

    it("accepts weighted targets that sum to 100", () => {
      const result = check(
        routed(
          "strategy: weighted\ntargets:\n  - {name: stable, weight: 90}\n  - {name: canary, weight: 10}",
        ),
      );
      expect(result.errors).toEqual([]);
      const route =
        prefix === "routing.orders"
          ? result.config?.routing.orders
          : result.config?.nodes[1]?.routing;
      expect(route?.targets.map((t) => [t.name, t.host, t.weight])).toEqual([
        ["stable", "127.0.0.1", 90],
        ["canary", "127.0.0.1", 10],
      ]);
    });

    it("rejects weighted targets that do not sum to 100", () => {
      const text = routed(
        "strategy: weighted\ntargets:\n  - {name: stable, weight: 80}\n  - {name: canary, weight: 30}",
      );
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.targets`,
        ...pos(text, "targets:"),
      });
      expect(error.message).toBe("weights sum to 110, not 100");
      expect(error.hint).toContain("add up to 100");
    });

    it("rejects canary routing without targets", () => {
      const text = routed("strategy: canary\ntargets: []");
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.targets`,
        ...pos(text, "targets:"),
      });
      expect(error.message).toBe("canary routing needs targets");
    });

    it("rejects header routing without rules or default_target", () => {
      const text = routed("strategy: header\ntargets:\n  - name: v1");
      const result = check(text);
      const route = pos(text, "strategy: header");
      expect(places(result.errors)).toEqual([
        { code: "E_CONFIG_INVALID", field: `${prefix}.default_target`, ...route },
        { code: "E_CONFIG_INVALID", field: `${prefix}.rules`, ...route },
      ]);
      expect(at(result.errors, `${prefix}.rules`).message).toBe(
        "header routing needs at least one rule",
      );
      expect(at(result.errors, `${prefix}.default_target`).message).toBe(
        "header routing needs a default_target",
      );
    });

    it("rejects a rule target that is not a target", () => {
      const text = routed(`strategy: header
targets:
  - name: stable
  - name: canary
rules:
  - {header: X-Canary, value: "1", target: canry}
default_target: stable`);
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.rules[0].target`,
        ...pos(text, "canry"),
      });
      expect(error.message).toBe("rule target 'canry' is not a target");
      expect(error.hint).toBe("did you mean 'canary'?");
    });

    it("rejects a default_target that is not a target", () => {
      const text = routed(`strategy: header
targets:
  - name: stable
  - name: canary
rules:
  - {header: X-Canary, value: "1", target: canary}
default_target: stabel`);
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.default_target`,
        ...pos(text, "stabel"),
      });
      expect(error.message).toBe("default_target 'stabel' is not a target");
      expect(error.hint).toBe("did you mean 'stable'?");
    });

    it("rejects duplicate target names at the second one", () => {
      const text = routed(
        "strategy: weighted\ntargets:\n  - {name: stable, weight: 50}\n  - {name: stable, weight: 50}",
      );
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.targets[1].name`,
        ...pos(text, "stable", 1),
      });
      expect(error.message).toBe("duplicate target name 'stable'");
    });

    const regexRoute = (match: string): string => `strategy: header
targets:
  - name: v1
  - name: v2
rules:
  - header: X-Version
    value: "v2("
    target: v2
    match: ${match}
default_target: v1`;

    it("rejects a bad regular expression with match: regex", () => {
      const text = routed(regexRoute("regex"));
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.rules[0].value`,
        ...pos(text, '"v2("'),
      });
      expect(error.message).toBe("'v2(' is not a valid regular expression");
      expect(error.hint).toContain("match: exact");
    });

    it("accepts the same value with match: exact", () => {
      expect(check(routed(regexRoute("exact"))).errors).toEqual([]);
    });

    it("suggests a misspelt strategy and routing key", () => {
      const text = routed("stratgy: single\nlocked: true");
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.stratgy`,
        ...pos(text, "stratgy"),
      });
      expect(error.hint).toContain("did you mean 'strategy'?");

      const valueText = routed("strategy: wieghted");
      const value = onlyError(check(valueText));
      expect(place(value)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.strategy`,
        ...pos(valueText, "wieghted"),
      });
      expect(value.hint).toContain("did you mean 'weighted'?");
    });
  });

  describe("top-level routing keys", () => {
    const nodes = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
  - name: orders
    port: 9002
`;

    it("rejects a key that is not a node, with a did-you-mean", () => {
      const error = onlyError(check(`${nodes}routing:\n  ordrs:\n    strategy: single\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "routing.ordrs",
        line: 9,
        column: 3,
      });
      expect(error.message).toBe("routing for 'ordrs', which is not a node");
      expect(error.hint).toBe("did you mean 'orders'?");
    });

    it("rejects routing declared both at the top and on the node", () => {
      const text = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
  - name: orders
    port: 9002
    routing:
      strategy: single
routing:
  orders:
    strategy: single
`;
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "routing.orders",
        line: 11,
        column: 3,
      });
      expect(error.message).toBe(
        "routing for 'orders' is declared twice (here and in nodes[1].routing)",
      );
      expect(error.hint).toBe("keep one of the two");
    });

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

  describe("contracts", () => {
    const withContract = (file: string): string => `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
    contract: ${file}
`;
    const CONTRACT_AT = { field: "nodes[0].contract", line: 6, column: 15 } as const;

    it("reports a contract that does not exist", () => {
      const error = onlyError(check(withContract("contracts/missing.yaml")));
      expect(place(error)).toEqual({ code: "E_CONTRACT_NOT_FOUND", ...CONTRACT_AT });
      expect(error.message).toBe("contract contracts/missing.yaml does not exist");
    });

    it.each([
      ["YAML", "contracts/broken.yaml"],
      ["JSON", "contracts/broken.json"],
    ])("reports an unparsable %s contract, naming the file and line", (_format, file) => {
      const error = onlyError(check(withContract(file)));
      expect(place(error)).toEqual({ code: "E_CONTRACT_PARSE", ...CONTRACT_AT });
      expect(error.message).toMatch(new RegExp(`^contract ${file}: .+ \\(${file}:\\d+:\\d+\\)$`));
      expect(error.hint).toContain("syntax");
    });

    it("reports a contract that is neither OpenAPI nor JSON Schema", () => {
      const error = onlyError(check(withContract("contracts/neither.yaml")));
      expect(place(error)).toEqual({ code: "E_CONTRACT_INVALID", ...CONTRACT_AT });
      expect(error.message).toContain("not an OpenAPI document or a JSON Schema");
      expect(error.hint).toContain("openapi");
    });

    it("reports an unresolved local $ref, naming the contract file and line", () => {
      const error = onlyError(check(withContract("contracts/local-ref.yaml")));
      expect(place(error)).toEqual({ code: "E_CONTRACT_INVALID", ...CONTRACT_AT });
      expect(error.message).toBe(
        "contract contracts/local-ref.yaml: $ref '#/components/schemas/Missing' does not resolve (contracts/local-ref.yaml:14:23)",
      );
    });

    it("reports a relative-file $ref whose pointer does not resolve", () => {
      const error = onlyError(check(withContract("contracts/pointer-ref.yaml")));
      expect(place(error)).toEqual({ code: "E_CONTRACT_INVALID", ...CONTRACT_AT });
      expect(error.message).toContain("$ref './schemas/order.yaml#/Missing' does not resolve");
      expect(error.message).toContain("(contracts/pointer-ref.yaml:14:23)");
    });

    it("reports a relative-file $ref to a missing file as an invalid contract", () => {
      const error = onlyError(check(withContract("contracts/file-ref-missing.yaml")));
      expect(error.message).toContain("schemas/missing.yaml");
      expect(error.message).toContain("(contracts/file-ref-missing.yaml:14:23)");
      // The contract itself exists; its $ref does not resolve (see ERROR_CODES).
      expect(place(error)).toEqual({ code: "E_CONTRACT_INVALID", ...CONTRACT_AT });
    });

    it.each([
      "contracts/openapi-2.0.yaml",
      "contracts/openapi-2.0.json",
      "contracts/openapi-3.0.yaml",
      "contracts/openapi-3.0.json",
      "contracts/openapi-3.1.yaml",
      "contracts/openapi-3.1.json",
      "contracts/json-schema.yaml",
      "contracts/json-schema.json",
      "contracts/file-ref-ok.yaml",
    ])("accepts %s", (file) => {
      const result = check(withContract(file));
      expect(result.errors).toEqual([]);
      expect(result.config?.nodes[0]?.contract).toBe(file);
    });
  });

  describe("sections", () => {
    it("requires cert and key when security.tls.mode is circuit", () => {
      const text = `version: ${version}\nsecurity:\n  tls:\n    mode: circuit\n`;
      const result = check(text);
      expect(places(result.errors)).toEqual([
        { code: "E_CONFIG_INVALID", field: "security.tls.cert", line: 4, column: 5 },
        { code: "E_CONFIG_INVALID", field: "security.tls.key", line: 4, column: 5 },
      ]);
      expect(at(result.errors, "security.tls.cert").message).toBe(
        "tls mode 'circuit' needs a cert file",
      );
      expect(at(result.errors, "security.tls.key").hint).toContain("security.tls.key");
      expect(result.config).toBeUndefined();
    });

    it("reports TLS files that do not exist, and accepts files that do", () => {
      const text = (cert: string): string =>
        `version: ${version}\nsecurity:\n  tls:\n    mode: full\n    cert: ${cert}\n    key: certs/tls.key\n`;
      const error = onlyError(check(text("certs/nope.crt")));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "security.tls.cert",
        line: 5,
        column: 11,
      });
      expect(error.message).toBe("cert file certs/nope.crt does not exist");
      expect(check(text("certs/tls.crt")).errors).toEqual([]);
    });

    it("requires token_env when control.auth is true", () => {
      const error = onlyError(
        check(`version: ${version}\nsecurity:\n  control:\n    auth: true\n`),
      );
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "security.control.token_env",
        line: 4,
        column: 5,
      });
      expect(error.message).toContain("no token_env");
      expect(error.hint).toContain("environment variable");
    });

    it("requires an identity when federation is enabled", () => {
      const error = onlyError(check(`version: ${version}\nfederation:\n  enabled: true\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "federation.identity",
        line: 3,
        column: 3,
      });
      expect(error.message).toBe("federation is enabled but has no identity");
      expect(error.hint).toContain("identity:");
    });
  });

  it("collects every error of a file, not just the first", () => {
    const text = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
    metadata:
      health_path: health
  - name: users
    port: 9001
  - name: api
    port: 9003
edges:
  - source: api
    target: usres
  - source: users
    target: users
security:
  tls:
    mode: full
  control:
    auth: true
federation:
  enabled: true
`;
    const result = check(text);
    expect(result.config).toBeUndefined();
    expect(places(result.errors)).toEqual([
      { code: "E_CONFIG_INVALID", field: "nodes[0].metadata.health_path", line: 7, column: 20 },
      { code: "E_CONFIG_INVALID", field: "nodes[1].port", line: 9, column: 11 },
      { code: "E_CONFIG_INVALID", field: "nodes[2].name", line: 10, column: 11 },
      { code: "E_CONFIG_INVALID", field: "edges[0].target", line: 14, column: 13 },
      { code: "E_CONFIG_INVALID", field: "edges[1]", line: 15, column: 5 },
      { code: "E_CONFIG_INVALID", field: "security.tls.cert", line: 19, column: 5 },
      { code: "E_CONFIG_INVALID", field: "security.tls.key", line: 19, column: 5 },
      { code: "E_CONFIG_INVALID", field: "security.control.token_env", line: 21, column: 5 },
      { code: "E_CONFIG_INVALID", field: "federation.identity", line: 23, column: 3 },
    ]);
    expect(at(result.errors, "edges[0].target").hint).toBe("did you mean 'users'?");
  });
});

// ---------------------------------------------------------------------------------------------
// Schema versions
// ---------------------------------------------------------------------------------------------

describe("checkCircuitText: schema version", () => {
  it.each([0, 3, 99])("rejects version: %i with E_CONFIG_VERSION", (version) => {
    const error = onlyError(check(`name: shop\nversion: ${version}\n`));
    expect(place(error)).toEqual({
      code: "E_CONFIG_VERSION",
      field: "version",
      line: 2,
      column: 10,
    });
    expect(error.message).toBe(`${version} is not a valid version`);
    expect(error.hint).toContain("versions 1 and 2");
  });

  it("does not suggest '2' for a quoted version '2'", () => {
    const error = onlyError(check('version: "2"\n'));
    expect(place(error)).toEqual({
      code: "E_CONFIG_VERSION",
      field: "version",
      line: 1,
      column: 10,
    });
    expect(error.message).toContain("'2'");
    expect(error.hint).not.toContain("did you mean '2'?");
  });

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

// ---------------------------------------------------------------------------------------------
// Rules of version-2 fields
// ---------------------------------------------------------------------------------------------

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

  it.each([
    [3, 3],
    [2, 4],
  ])(
    "rejects custodian replace_threshold %i not above failure_threshold %i",
    (replace, failure) => {
      const text = `version: 2
custodian:
  failure_threshold: ${failure}
  replace_threshold: ${replace}
`;
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "custodian.replace_threshold",
        line: 4,
        column: 22,
      });
      expect(error.message).toBe(
        `replace_threshold (${replace}) must be above failure_threshold (${failure})`,
      );
    },
  );

  it.each([
    ["[10, 50, 90]", "10, 50, 90"],
    ["[50, 25, 100]", "50, 25, 100"],
  ])("rejects canary steps_pct %s", (steps, listed) => {
    const error = onlyError(check(`version: 2\ncanary:\n  steps_pct: ${steps}\n`));
    expect(place(error)).toEqual({
      code: "E_CONFIG_INVALID",
      field: "canary.steps_pct",
      line: 3,
      column: 14,
    });
    expect(error.message).toBe(`steps ${listed} must rise and end at 100`);
    expect(error.hint).toContain("[10, 25, 50, 100]");
  });

  it("checks openapi_spec like contract", () => {
    const text = `version: 2
nodes:
  - name: api
    port: 9001
    role: ingress
    openapi_spec: contracts/nope.json
`;
    const error = onlyError(check(text));
    expect(place(error)).toEqual({
      code: "E_CONTRACT_NOT_FOUND",
      field: "nodes[0].openapi_spec",
      line: 6,
      column: 19,
    });
    expect(error.message).toBe("contract contracts/nope.json does not exist");
  });

  it("accepts a realistic file using every section, with defaults filled in", () => {
    const text = `# Shop circuit
name: shop
version: 2
services: [gateway, orders, users]
nodes:
  - name: gateway
    port: 9001
    role: ingress
    health_path: /healthz
    metadata:
      owner: platform
      health_path: /ready
    authority: [edge]
  - name: orders
    port: 9002
    host: 0.0.0.0
    contract: contracts/openapi-3.0.json
    openapi_spec: contracts/file-ref-ok.yaml
    data_access:
      reads: [orders]
      writes: [orders, audit]
    routing:
      strategy: weighted
      targets:
        - {name: stable, port: 9102, weight: 90}
        - {name: canary, host: "::1", port: 9103, weight: 10}
      sticky: {cookie: session}
    telemetry:
      classes:
        - {match: "/orders/*", class: critical, slo_p95_ms: 250, owner: team-orders}
        - {match: "/health", telemetry_class: internal}
  - name: users
    port: 9003
    proxy_mode: grpc
    contract: contracts/json-schema.yaml
  - name: stripe
    port: 9004
    role: egress
    proxy_mode: tcp
    data_access: null
edges:
  - source: gateway
    target: orders
    label: place order
    policy:
      timeout_ms: 2000
      retries: 2
      retry_backoff_ms: 25
      retry_backoff_max_ms: 250
      circuit_breaker_threshold: 5
  - {source: gateway, target: users}
  - source: orders
    target: stripe
    data_tiers_in_flight: [pci]
routing:
  users:
    strategy: header
    targets:
      - {name: v1, port: 9201}
      - {name: v2, port: 9202}
    rules:
      - {header: X-Version, value: "^v2(\\\\.\\\\d+)?$", target: v2, match: regex}
      - {header: X-Beta, value: "yes", target: v2}
    default_target: v1
    locked: true
deploy:
  provider: gcp
  project: shop-prod
  region: europe-west1
  namespace: shop
  build: true
  image: gcr.io/shop/app
security:
  tls:
    mode: circuit
    cert: certs/tls.crt
    key: certs/tls.key
    auto_rotate: true
    rotate_check_interval_s: 600
    warning_days: 21
    critical_days: 3
  control:
    auth: true
    token_env: BATON_TOKEN
observability:
  enabled: true
  sink: otel
  otlp_endpoint: http://localhost:4317
  service_name: shop
  trace_sample_rate: 0.25
  otlp_endpoints:
    - {name: jaeger, endpoint: "http://localhost:4318", protocol: http}
federation:
  enabled: true
  identity: {name: eu, api_endpoint: "https://eu.example.com", region: europe-west1, priority: 1}
  peers:
    - {name: us, api_endpoint: "https://us.example.com", region: us-east1}
  edges:
    - source_cluster: eu
      target_cluster: us
      node_mapping: {orders: orders-us}
  heartbeat_interval_s: 15
  heartbeat_timeout_s: 5
  failover_threshold: 2
arbiter:
  endpoint: localhost:7700
  http_endpoint: http://localhost:7701
  api_endpoint: http://localhost:7702
  forward_spans: true
  classification_tagging: true
audit_channel:
  port: 9500
  protocol: unix_socket
ledger:
  api_endpoint: http://localhost:7800
  mock_from_ledger: false
taint:
  enabled: true
  scan_responses: false
  categories: [ssn, email]
custodian:
  probe_interval_s: 2
  probe_timeout_s: 0.5
  failure_threshold: 2
  replace_threshold: 4
  restart_backoff_initial_s: 5
  restart_backoff_max_s: 60
  healthy_reset_s: 300
canary:
  steps_pct: [5, 20, 100]
  interval_s: 60
  error_threshold_pct: 1.5
  latency_p99_threshold_ms: 300
  min_requests: 50
`;
    const result = check(text);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const config = result.config;
    if (config === undefined) throw new Error("expected a valid circuit");

    expect(config.name).toBe("shop");
    expect(config.version).toBe(2);
    expect(config.services).toEqual(["gateway", "orders", "users"]);
    expect(config.nodes.map((n) => [n.name, n.proxy_mode, n.role, n.host])).toEqual([
      ["gateway", "http", "ingress", "127.0.0.1"],
      ["orders", "http", "service", "0.0.0.0"],
      ["users", "grpc", "service", "127.0.0.1"],
      ["stripe", "tcp", "egress", "127.0.0.1"],
    ]);
    const [gateway, orders, users, stripe] = config.nodes;
    expect(gateway?.contract).toBe("");
    expect(gateway?.openapi_spec).toBe("");
    expect(gateway?.metadata).toEqual({ owner: "platform", health_path: "/ready" });
    expect(users?.metadata).toEqual({});
    expect(users?.authority).toEqual([]);
    expect(stripe?.data_access).toBeNull();
    expect(orders?.routing).toEqual({
      strategy: "weighted",
      targets: [
        { name: "stable", host: "127.0.0.1", port: 9102, weight: 90 },
        { name: "canary", host: "::1", port: 9103, weight: 10 },
      ],
      rules: [],
      default_target: "",
      locked: false,
      sticky: { cookie: "session" },
    });
    expect(config.routing.users?.rules).toEqual([
      { header: "X-Version", value: "^v2(\\.\\d+)?$", target: "v2", match: "regex" },
      { header: "X-Beta", value: "yes", target: "v2", match: "exact" },
    ]);
    expect(config.routing.users?.targets[0]).toEqual({
      name: "v1",
      host: "127.0.0.1",
      port: 9201,
      weight: 100,
    });
    expect(config.edges.map((e) => e.label)).toEqual(["place order", "", ""]);
    expect(config.edges[1]?.data_tiers_in_flight).toEqual([]);
    expect(config.observability?.otlp_protocol).toBe("grpc");
    expect(config.observability?.otlp_enabled).toBe(true);
    expect(config.observability?.otlp_endpoints?.[0]?.protocol).toBe("http");
    expect(config.federation?.peers[0]?.priority).toBe(0);
    expect(config.federation?.edges[0]?.node_mapping).toEqual({ orders: "orders-us" });
    expect(config.taint).toEqual({
      enabled: true,
      scan_requests: true,
      scan_responses: false,
      categories: ["ssn", "email"],
    });
    expect(config.custodian?.enabled).toBe(true);
    expect(config.custodian?.replace_threshold).toBe(4);
    expect(config.canary?.steps_pct).toEqual([5, 20, 100]);
    expect(config.security?.tls?.mode).toBe("circuit");
    expect(config.deploy?.provider).toBe("gcp");
    expect(config.audit_channel).toEqual({ port: 9500, protocol: "unix_socket" });
    expect(config.ledger).toEqual({
      api_endpoint: "http://localhost:7800",
      mock_from_ledger: false,
    });
  });

  it("fills section defaults for empty sections", () => {
    const result = check("version: 2\ncustodian: {}\ncanary: {}\ntaint: {}\naudit_channel: {}\n");
    expect(result.errors).toEqual([]);
    expect(result.config?.custodian).toEqual({
      enabled: true,
      probe_interval_s: 5,
      probe_timeout_s: 1,
      failure_threshold: 3,
      replace_threshold: 6,
      restart_backoff_initial_s: 10,
      restart_backoff_max_s: 300,
      healthy_reset_s: 600,
    });
    expect(result.config?.canary?.steps_pct).toEqual([10, 25, 50, 100]);
    expect(result.config?.taint?.categories).toEqual([
      "ssn",
      "email",
      "credit_card",
      "phone",
      "name",
    ]);
    expect(result.config?.audit_channel).toEqual({ port: 9000, protocol: "http" });
  });
});
