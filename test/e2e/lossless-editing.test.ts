import { join } from "node:path";
import { describe, expect } from "vitest";
import {
  baton,
  batonAll,
  cliTest,
  expectError,
  expectOk,
  EXIT_ERROR,
  lines,
  listTree,
  OPENAPI_30,
  readText,
  requireBuiltCli,
  writeText,
} from "./cli-helpers.js";

requireBuiltCli();

/** Hand-written: comments on top, inline and between items, blank lines, flow edges, extra sections. */
const HEADER = `# Shop circuit: hand-written.
# Second header line.

name: shop
version: 2 # schema v2

`;
const GATEWAY = `nodes:
  # The public entry point.
  - name: gateway
    port: 8000 # fixed port
    role: ingress

`;
const ORDERS = `  # Orders service, owns the orders DB.
  - name: orders
    port: 8001
    metadata:
      team: checkout

`;
const PAYMENTS = `  - name: payments   # talks to the PSP
    port: 8002
    proxy_mode: grpc

`;
const EDGES = "edges: [{source: gateway, target: orders}, {source: orders, target: payments}]\n";
const TAIL = `
# Traffic splitting for orders.
routing:
  orders:
    strategy: weighted
    targets:
      - name: v1
        weight: 90 # stable
      - name: v2
        weight: 10 # canary

security:
  control:
    auth: true # admin API needs a token
    token_env: BATON_TOKEN

# Self-healing.
custodian:
  enabled: true
  failure_threshold: 4
`;
const HAND_WRITTEN = HEADER + GATEWAY + ORDERS + PAYMENTS + EDGES + TAIL;

/** The parts no command of the sequence touches are still there, byte for byte. */
function expectUntouched(text: string): void {
  expect(text.startsWith(HEADER + GATEWAY + ORDERS.slice(0, ORDERS.indexOf("    metadata:")))).toBe(
    true,
  );
  expect(text.endsWith(TAIL)).toBe(true);
  for (const comment of [
    "# Shop circuit: hand-written.\n",
    "  # The public entry point.\n",
    "    port: 8000 # fixed port\n",
    "  # Orders service, owns the orders DB.\n",
    "# Traffic splitting for orders.\n",
    "        weight: 90 # stable\n",
    "    auth: true # admin API needs a token\n",
    "# Self-healing.\n",
  ]) {
    expect(text).toContain(comment);
  }
}

describe("lossless editing of a hand-written baton.yaml", () => {
  cliTest(
    "node add, edge add, node rm and contract set keep every comment and untouched section",
    async (dir) => {
      writeText(dir, "baton.yaml", HAND_WRITTEN);
      writeText(dir, "specs/orders.yaml", OPENAPI_30);
      const inventory = "  - name: inventory\n    port: 8003\n\n";

      expectOk(await baton(dir, "node", "add", "inventory", "--port", "8003"));
      let text = readText(dir, "baton.yaml");
      expectUntouched(text);
      expect(text).toBe(HEADER + GATEWAY + ORDERS + PAYMENTS + inventory + EDGES + TAIL);

      expectOk(await baton(dir, "edge", "add", "orders", "inventory"));
      text = readText(dir, "baton.yaml");
      expectUntouched(text);
      const edges3 =
        "edges: [{source: gateway, target: orders}, {source: orders, target: payments}, {source: orders, target: inventory}]\n";
      expect(text).toBe(HEADER + GATEWAY + ORDERS + PAYMENTS + inventory + edges3 + TAIL);

      const rm = await baton(dir, "node", "rm", "payments");
      expectOk(rm);
      expect(rm.stdout).toBe("Removed node 'payments' and 1 edge (orders -> payments)\n");
      text = readText(dir, "baton.yaml");
      expectUntouched(text);
      const edges2 =
        "edges: [{source: gateway, target: orders}, {source: orders, target: inventory}]\n";
      expect(text).toBe(HEADER + GATEWAY + ORDERS + inventory + edges2 + TAIL);

      expectOk(await baton(dir, "contract", "set", "orders", "specs/orders.yaml"));
      text = readText(dir, "baton.yaml");
      expectUntouched(text);
      const orders = ORDERS.replace(
        "      team: checkout\n",
        "      team: checkout\n    contract: specs/orders.yaml\n",
      );
      expect(text).toBe(HEADER + GATEWAY + orders + inventory + edges2 + TAIL);

      const check = await baton(dir, "validate");
      expectOk(check);
      expect(check.stdout).toBe("baton.yaml is valid: 3 nodes, 2 edges\n");
      expect(listTree(dir)).toEqual(["baton.yaml", "specs", "specs/orders.yaml"]);
    },
  );

  cliTest("keeps CRLF line endings: lines it adds end like the rest of the file", async (dir) => {
    const crlf =
      "# windows file\r\nname: x\r\nversion: 2\r\nnodes:\r\n  - name: a\r\n    port: 9001\r\nedges: []\r\n";
    writeText(dir, "baton.yaml", crlf);
    expectOk(await baton(dir, "node", "add", "b", "--port", "9002"));
    const text = readText(dir, "baton.yaml");
    expect(
      text.startsWith("# windows file\r\nname: x\r\nversion: 2\r\nnodes:\r\n  - name: a\r\n"),
    ).toBe(true);
    expect(text).toContain("name: b");
    expect(text.match(/(?<!\r)\n/g) ?? [], JSON.stringify(text)).toEqual([]);
  });
});

describe("changes that cannot be made are refused and nothing is written", () => {
  const BROKEN = `# hand-broken
name: shop
version: 2
nodes:
  - name: api
    port: 9001
  - name: db
    port: 9001 # same port as api
edges:
  - source: api
    target: ghost
`;

  cliTest(
    "a file made invalid by hand: every edit refuses with the file's own errors",
    async (dir) => {
      writeText(dir, "baton.yaml", BROKEN);
      const validate = await baton(dir, "validate");
      expect(validate.code).toBe(EXIT_ERROR);
      expect(lines(validate.stderr)).toHaveLength(2);

      const edits = [
        ["node", "add", "web", "--port", "9100"],
        ["node", "rm", "db"],
        ["edge", "add", "db", "api"],
        ["contract", "set", "api", "baton.yaml"],
      ];
      const results = await batonAll(dir, edits);
      results.forEach((result, i) => {
        expectError(result, EXIT_ERROR, "E_CONFIG_INVALID");
        expect(result.stderr, edits[i]?.join(" ")).toBe(validate.stderr);
      });
      expect(readText(dir, "baton.yaml")).toBe(BROKEN);
      expect(listTree(dir)).toEqual(["baton.yaml"]);
    },
  );

  cliTest(
    "an edit that would break the file (an alias losing its anchor) is refused cleanly",
    async (dir) => {
      const shared = `name: shop
version: 2
nodes:
  - name: orders
    port: 9001
    role: ingress
  - name: stock
    port: 9002
edges: []
routing:
  orders: &split # stock reuses this route
    strategy: weighted
    targets: [{name: v1, weight: 50}, {name: v2, weight: 50}]
  stock: *split
`;
      writeText(dir, "baton.yaml", shared);
      expectOk(await baton(dir, "validate"));
      const result = await baton(dir, "node", "rm", "orders");
      expect(result.stderr).not.toContain("    at ");
      expect(result.stderr).not.toContain("E_INTERNAL");
      expect(result.stderr).toMatch(/^error\[E_CONFIG_(PARSE|INVALID)\] /);
      expect(result.code).toBe(EXIT_ERROR);
      expect(readText(dir, "baton.yaml")).toBe(shared);
      expect(listTree(dir)).toEqual(["baton.yaml"]);
    },
  );
});

describe("the issue's acceptance scenario", () => {
  cliTest(
    "init demo; node add api; node add db --mode tcp --role egress; edge add api db; status",
    async (dir) => {
      expectOk(await baton(dir, "init", "demo"));
      const demo = join(dir, "demo");
      // A comment added by hand after init.
      const initial = readText(demo, "baton.yaml");
      const commented = initial.replace(
        "name: demo\n",
        "name: demo\n# Hand-written: the demo shop, owned by team checkout.\n",
      );
      expect(commented).not.toBe(initial);
      writeText(demo, "baton.yaml", commented);

      const api = await baton(demo, "node", "add", "api");
      expectOk(api);
      const db = await baton(demo, "node", "add", "db", "--mode", "tcp", "--role", "egress");
      expectOk(db);
      expectOk(await baton(demo, "edge", "add", "api", "db"));
      const apiPort = /port (\d+)/.exec(api.stdout)?.[1] ?? "?";
      const dbPort = /port (\d+)/.exec(db.stdout)?.[1] ?? "?";
      expect(apiPort).not.toBe(dbPort);

      const status = await baton(demo, "status");
      expectOk(status);
      expect(status.stdout).toBe(
        [
          "Circuit: demo (version 2)",
          "File:    baton.yaml",
          "State:   not running (this view is read from baton.yaml)",
          "Nodes:   2",
          "Edges:   1",
          "",
          "  NAME  ROLE     MODE  PORT  CONTRACT",
          `  api   service  http  ${apiPort}  -`,
          `  db    egress   tcp   ${dbPort}  -`,
          "",
          "Edges:",
          "  api -> db",
          "",
          "Warnings:",
          "  warning[W_NO_INGRESS] baton.yaml:6:1 nodes: no node has role ingress; mark the entry point with role: ingress ('baton node add NAME --role ingress')",
          "",
        ].join("\n"),
      );

      expect(readText(demo, "baton.yaml")).toBe(
        [
          "# Baton circuit 'demo'.",
          "# Edit by hand or with 'baton node add' / 'baton edge add': comments and layout are kept.",
          "name: demo",
          "# Hand-written: the demo shop, owned by team checkout.",
          "version: 2",
          "nodes:",
          "  - name: api",
          `    port: ${apiPort}`,
          "  - name: db",
          `    port: ${dbPort}`,
          "    proxy_mode: tcp",
          "    role: egress",
          "edges:",
          "  - source: api",
          "    target: db",
          "",
        ].join("\n"),
      );
    },
  );
});
