import { describe, expect } from "vitest";
import {
  baton,
  batonAll,
  cliTest,
  expectError,
  expectOk,
  EXIT_ERROR,
  JSON_SCHEMA,
  lines,
  listTree,
  readText,
  requireBuiltCli,
  writeText,
} from "./cli-helpers.js";

requireBuiltCli();

const V1 = `# Legacy circuit, version 1.
name: legacy
version: 1   # old schema

nodes:
  # the front door
  - name: web
    port: 8080
    role: ingress
  - name: db
    port: 5432
    proxy_mode: tcp   # postgres
edges:
  - source: web
    target: db
    label: queries
`;

/** V1 migrated: the version bumped in place, v2 fields added empty, every comment kept. */
const V2 = `# Legacy circuit, version 1.
name: legacy
version: 2   # old schema

nodes:
  # the front door
  - name: web
    port: 8080
    role: ingress
    data_access:
      reads: []
      writes: []
    authority: []
    openapi_spec: ""
  - name: db
    port: 5432
    proxy_mode: tcp   # postgres
    data_access:
      reads: []
      writes: []
    authority: []
edges:
  - source: web
    target: db
    label: queries
    data_tiers_in_flight: []
arbiter:
  endpoint: ""
  api_endpoint: ""
  forward_spans: false
  classification_tagging: false
ledger:
  api_endpoint: ""
  mock_from_ledger: true
audit_channel:
  port: 9000
  protocol: http
`;

describe("baton migrate-config [--config P] [--output P] [--dry-run]", () => {
  cliTest(
    "migrates a commented v1 file in place, keeping comments; a second run changes nothing",
    async (dir) => {
      writeText(dir, "baton.yaml", V1);
      const first = await baton(dir, "migrate-config");
      expectOk(first);
      expect(first.stdout).toBe("Migrated baton.yaml to version 2 -> baton.yaml\n");
      expect(readText(dir, "baton.yaml")).toBe(V2);

      const second = await baton(dir, "migrate-config");
      expectOk(second);
      expect(second.stdout).toBe("baton.yaml is already at version 2; nothing to do\n");
      expect(readText(dir, "baton.yaml")).toBe(V2);
      expect(listTree(dir)).toEqual(["baton.yaml"]);

      const check = await baton(dir, "validate");
      expectOk(check);
      expect(check.stdout).toBe("baton.yaml is valid: 2 nodes, 1 edge\n");
    },
  );

  cliTest("--dry-run prints the migrated file and writes nothing", async (dir) => {
    writeText(dir, "baton.yaml", V1);
    const result = await baton(dir, "migrate-config", "--dry-run");
    expectOk(result);
    expect(result.stdout).toBe(V2);
    expect(readText(dir, "baton.yaml")).toBe(V1);
    expect(listTree(dir)).toEqual(["baton.yaml"]);
  });

  cliTest(
    "--config and --output migrate another file to another place, the source untouched",
    async (dir) => {
      writeText(dir, "legacy/circuit.yaml", V1);
      writeText(dir, "out/.keep", "");
      const result = await baton(
        dir,
        "migrate-config",
        "--config",
        "legacy/circuit.yaml",
        "--output",
        "out/v2.yaml",
      );
      expectOk(result);
      expect(result.stdout).toBe("Migrated legacy/circuit.yaml to version 2 -> out/v2.yaml\n");
      expect(readText(dir, "out/v2.yaml")).toBe(V2);
      expect(readText(dir, "legacy/circuit.yaml")).toBe(V1);
      expect(listTree(dir)).toEqual([
        "legacy",
        "legacy/circuit.yaml",
        "out",
        "out/.keep",
        "out/v2.yaml",
      ]);
    },
  );

  cliTest(
    "a missing --config file is E_CONFIG_NOT_FOUND; an invalid file is not migrated",
    async (dir) => {
      const invalid = V1.replace("port: 5432", "port: 99999");
      writeText(dir, "baton.yaml", invalid);
      const [missing, refused] = await batonAll(dir, [
        ["migrate-config", "--config", "nope.yaml"],
        ["migrate-config"],
      ]);
      expectError(missing, EXIT_ERROR, "E_CONFIG_NOT_FOUND");
      expect(missing.stderr).toBe(
        "error[E_CONFIG_NOT_FOUND] nope.yaml: no such file; run 'baton init' to create it, or point --dir at a project\n",
      );
      expectError(refused, EXIT_ERROR, "E_CONFIG_INVALID");
      expect(refused.stderr).toBe(
        "error[E_CONFIG_INVALID] baton.yaml:11:11 nodes[1].port: cannot migrate until this is fixed: 99999 is not a port (1-65535); choose a port from 1 to 65535\n",
      );
      expect(readText(dir, "baton.yaml")).toBe(invalid);
      expect(listTree(dir)).toEqual(["baton.yaml"]);
    },
  );
});

/** Three nodes; `stock` and `orders` call each other; no ingress. */
const STATUS = `# status fixture
name: shop
version: 2
nodes:
  - name: web
    port: 8000
    host: 0.0.0.0
  - name: orders
    port: 8001
    contract: specs/orders.json
  - name: stock
    port: 8002
    proxy_mode: grpc
edges:
  - source: web
    target: orders
    label: checkout
  - source: orders
    target: stock
  - source: stock
    target: orders
`;

const CYCLE = {
  severity: "warning",
  code: "W_CYCLE",
  message: "cycle orders -> stock -> orders",
  hint: "cycles are allowed; make sure the services cannot call each other forever",
  file: "baton.yaml",
  line: 18,
  column: 5,
  field: "edges[1]",
};

const NO_INGRESS = {
  severity: "warning",
  code: "W_NO_INGRESS",
  message: "no node has role ingress",
  hint: "mark the entry point with role: ingress ('baton node add NAME --role ingress')",
  file: "baton.yaml",
  line: 4,
  column: 1,
  field: "nodes",
};

const CYCLE_LINE =
  "warning[W_CYCLE] baton.yaml:18:5 edges[1]: cycle orders -> stock -> orders; cycles are allowed; make sure the services cannot call each other forever";
const NO_INGRESS_LINE =
  "warning[W_NO_INGRESS] baton.yaml:4:1 nodes: no node has role ingress; mark the entry point with role: ingress ('baton node add NAME --role ingress')";

describe("baton validate [--json]", () => {
  cliTest(
    "a valid file: exit 0, a summary, and each warning (here a cycle) on its own line",
    async (dir) => {
      writeText(dir, "baton.yaml", STATUS);
      writeText(dir, "specs/orders.json", JSON_SCHEMA);
      const [result, json] = await batonAll(dir, [["validate"], ["validate", "--json"]]);
      expectOk(result);
      expect(lines(result.stdout)).toEqual([
        "baton.yaml is valid: 3 nodes, 3 edges",
        CYCLE_LINE,
        NO_INGRESS_LINE,
      ]);

      expectOk(json);
      expect(JSON.parse(json.stdout)).toEqual({
        file: "baton.yaml",
        valid: true,
        errors: [],
        warnings: [CYCLE, NO_INGRESS],
      });
    },
  );

  cliTest(
    "an invalid file: exit 1 and one error line per problem, naming baton.yaml:LINE:COL field",
    async (dir) => {
      writeText(
        dir,
        "baton.yaml",
        `name: bad
version: 2
nodes:
  - name: a
    port: 9001
  - name: b
    port: 9001
  - name: a
    port: 9003
edges:
  - {source: a, target: ghost}
  - {source: b, target: b}
`,
      );
      const [result, json] = await batonAll(dir, [["validate"], ["validate", "--json"]]);
      expectError(result, EXIT_ERROR, "E_CONFIG_INVALID");
      const errors = lines(result.stderr);
      expect(errors).toHaveLength(4);
      for (const line of errors) {
        expect(line).toMatch(/^error\[E_CONFIG_INVALID\] baton\.yaml:\d+:\d+ [\w.[\]]+: \S/);
      }
      expect(errors[0]).toMatch(
        /^error\[E_CONFIG_INVALID\] baton\.yaml:7:11 nodes\[1\]\.port: port 9001 is already used by node 'a'/,
      );
      expect(errors[1]).toMatch(
        /^error\[E_CONFIG_INVALID\] baton\.yaml:8:11 nodes\[2\]\.name: duplicate node name 'a'/,
      );
      expect(errors[2]).toMatch(
        /^error\[E_CONFIG_INVALID\] baton\.yaml:11:25 edges\[0\]\.target: edge target 'ghost' is not a node/,
      );
      expect(errors[3]).toMatch(
        /^error\[E_CONFIG_INVALID\] baton\.yaml:12:5 edges\[1\]: self-edge b -> b/,
      );

      expectError(json, EXIT_ERROR, "E_CONFIG_INVALID", { allowStdout: true });
      expect(json.stderr).toBe(result.stderr);
      const parsed = JSON.parse(json.stdout) as {
        file: string;
        valid: boolean;
        errors: { code: string; line: number; column: number; field: string }[];
        warnings: { code: string }[];
      };
      expect(parsed.file).toBe("baton.yaml");
      expect(parsed.valid).toBe(false);
      expect(parsed.warnings.map((w) => w.code)).toEqual(["W_NO_INGRESS"]);
      expect(parsed.errors.map((e) => `${e.code} ${e.line}:${e.column} ${e.field}`)).toEqual([
        "E_CONFIG_INVALID 7:11 nodes[1].port",
        "E_CONFIG_INVALID 8:11 nodes[2].name",
        "E_CONFIG_INVALID 11:25 edges[0].target",
        "E_CONFIG_INVALID 12:5 edges[1]",
      ]);
    },
  );

  cliTest("schema errors, YAML syntax errors and a missing file", async (dir) => {
    writeText(
      dir,
      "schema/baton.yaml",
      "name: x\nversion: 2\nnodes:\n  - name: api\n    port: 70000\n  - name: Web\n    port: 9002\n",
    );
    writeText(dir, "syntax/baton.yaml", "name: x\nnodes: [unclosed\n");
    const [schema, syntax, missing] = await batonAll(dir, [
      ["validate", "--dir", "schema"],
      ["validate", "--dir", "syntax"],
      ["validate", "--dir", "nowhere"],
    ]);
    expectError(schema, EXIT_ERROR, "E_CONFIG_INVALID");
    expect(lines(schema.stderr)).toEqual([
      "error[E_CONFIG_INVALID] schema/baton.yaml:5:11 nodes[0].port: 70000 is not a port (1-65535); choose a port from 1 to 65535",
      "error[E_CONFIG_INVALID] schema/baton.yaml:6:11 nodes[1].name: 'Web' is not a lowercase DNS label; use 'web': lowercase letters, digits and '-', starting with a letter, at most 63 characters",
    ]);

    expectError(syntax, EXIT_ERROR, "E_CONFIG_PARSE");
    expect(syntax.stderr).toMatch(/^error\[E_CONFIG_PARSE\] syntax\/baton\.yaml:\d+:\d+: /);

    expectError(missing, EXIT_ERROR, "E_CONFIG_NOT_FOUND");
    expect(missing.stderr).toContain("nowhere/baton.yaml: no such file");
  });
});

describe("baton status [--json]", () => {
  cliTest(
    "prints the circuit, its NAME ROLE MODE PORT CONTRACT table, the edges and the warnings",
    async (dir) => {
      writeText(dir, "baton.yaml", STATUS);
      writeText(dir, "specs/orders.json", JSON_SCHEMA);
      const result = await baton(dir, "status");
      expectOk(result);
      expect(result.stdout).toBe(
        [
          "Circuit: shop (version 2)",
          "File:    baton.yaml",
          "State:   not running (this view is read from baton.yaml)",
          "Nodes:   3",
          "Edges:   3",
          "",
          "  NAME    ROLE     MODE  PORT          CONTRACT",
          "  web     service  http  0.0.0.0:8000  -",
          "  orders  service  http  8001          specs/orders.json",
          "  stock   service  grpc  8002          -",
          "",
          "Edges:",
          "  web -> orders  (checkout)",
          "  orders -> stock",
          "  stock -> orders",
          "",
          "Warnings:",
          `  ${CYCLE_LINE}`,
          `  ${NO_INGRESS_LINE}`,
          "",
        ].join("\n"),
      );
    },
  );

  cliTest("--json prints the exact structure", async (dir) => {
    writeText(dir, "baton.yaml", STATUS);
    writeText(dir, "specs/orders.json", JSON_SCHEMA);
    const result = await baton(dir, "status", "--json");
    expectOk(result);
    const expected = {
      name: "shop",
      version: 2,
      file: "baton.yaml",
      nodes: [
        { name: "web", role: "service", mode: "http", host: "0.0.0.0", port: 8000, contract: "" },
        {
          name: "orders",
          role: "service",
          mode: "http",
          host: "127.0.0.1",
          port: 8001,
          contract: "specs/orders.json",
        },
        {
          name: "stock",
          role: "service",
          mode: "grpc",
          host: "127.0.0.1",
          port: 8002,
          contract: "",
        },
      ],
      edges: [
        { source: "web", target: "orders", label: "checkout" },
        { source: "orders", target: "stock", label: "" },
        { source: "stock", target: "orders", label: "" },
      ],
      warnings: [CYCLE, NO_INGRESS],
      running: false,
    };
    expect(JSON.parse(result.stdout)).toEqual(expected);
    expect(result.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  cliTest(
    "an empty circuit says how to add a node; a broken or missing file is an error",
    async (dir) => {
      writeText(dir, "p/baton.yaml", "name: empty\nversion: 2\nnodes: []\nedges: []\n");
      writeText(dir, "q/baton.yaml", "name: x\nversion: 2\nnodes:\n  - name: a\n    port: 0\n");
      const [empty, broken, missing] = await batonAll(dir, [
        ["status", "--dir", "p"],
        ["status", "--dir", "q", "--json"],
        ["status"],
      ]);
      expectOk(empty);
      expect(empty.stdout).toBe(
        [
          "Circuit: empty (version 2)",
          "File:    p/baton.yaml",
          "State:   not running (this view is read from baton.yaml)",
          "Nodes:   0",
          "Edges:   0",
          "",
          "  (no nodes yet: baton node add NAME)",
          "",
        ].join("\n"),
      );

      expectError(broken, EXIT_ERROR, "E_CONFIG_INVALID");
      expect(broken.stderr).toMatch(
        /^error\[E_CONFIG_INVALID\] q\/baton\.yaml:5:11 nodes\[0\]\.port: /,
      );
      expectError(missing, EXIT_ERROR, "E_CONFIG_NOT_FOUND");
    },
  );
});
