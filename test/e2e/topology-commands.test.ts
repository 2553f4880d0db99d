import { createServer, type Server } from "node:net";
import { describe, expect } from "vitest";
import {
  baton,
  batonAll,
  cliTest,
  expectError,
  expectOk,
  EXIT_ERROR,
  EXIT_USAGE,
  JSON_SCHEMA,
  listTree,
  OPENAPI_30,
  OPENAPI_BAD_REF,
  readText,
  requireBuiltCli,
  writeText,
} from "./cli-helpers.js";

requireBuiltCli();

const EMPTY = "# a new circuit\nname: shop\nversion: 2\nnodes: []\nedges: []\n";

/** gateway (ingress) -> orders -> payments -> psp (egress), and a routing entry for orders. */
const SHOP = `# Shop circuit.
name: shop
version: 2
nodes:
  - name: gateway
    port: 8000
    role: ingress
  - name: orders
    port: 8001
  - name: payments
    port: 8002
    proxy_mode: grpc
  - name: psp
    port: 8003
    role: egress
edges:
  - source: gateway
    target: orders
  - source: orders
    target: payments
  - source: payments
    target: psp
routing:
  orders:
    strategy: weighted
    targets:
      - name: v1
        weight: 90
      - name: v2
        weight: 10
`;

function listen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

const portOf = (stdout: string): number => Number(/ on port (\d+) /.exec(stdout)?.[1]);

describe("baton node add NAME [--port N] [--mode M] [--role R]", () => {
  cliTest(
    "appends nodes, picks distinct free ports, writes mode and role only when not default",
    async (dir) => {
      writeText(dir, "baton.yaml", EMPTY);

      const api = await baton(dir, "node", "add", "api");
      expectOk(api);
      expect(api.stdout).toMatch(/^Added node 'api' on port \d+ \(http\)\n$/);
      const apiPort = portOf(api.stdout);

      const db = await baton(dir, "node", "add", "db", "--mode", "tcp", "--role", "egress");
      expectOk(db);
      expect(db.stdout).toMatch(/^Added node 'db' on port \d+ \(egress, tcp\)\n$/);
      const dbPort = portOf(db.stdout);

      const web = await baton(dir, "node", "add", "web", "--port", "8080", "--role", "ingress");
      expectOk(web);
      expect(web.stdout).toBe("Added node 'web' on port 8080 (ingress, http)\n");

      const plain = await baton(
        dir,
        "node",
        "add",
        "rpc",
        "--port",
        "8081",
        "--mode",
        "http",
        "--role",
        "service",
      );
      expectOk(plain);
      expect(plain.stdout).toBe("Added node 'rpc' on port 8081 (http)\n");

      for (const port of [apiPort, dbPort]) {
        expect(port).toBeGreaterThanOrEqual(9001);
        expect(port).toBeLessThanOrEqual(9999);
      }
      expect(dbPort).not.toBe(apiPort);
      expect(readText(dir, "baton.yaml")).toBe(
        [
          "# a new circuit",
          "name: shop",
          "version: 2",
          "nodes:",
          "  - name: api",
          `    port: ${apiPort}`,
          "  - name: db",
          `    port: ${dbPort}`,
          "    proxy_mode: tcp",
          "    role: egress",
          "  - name: web",
          "    port: 8080",
          "    role: ingress",
          "  - name: rpc",
          "    port: 8081",
          "edges: []",
          "",
        ].join("\n"),
      );
    },
  );

  cliTest(
    "without --port skips the ports of existing nodes and ports in use on the machine",
    async (dir) => {
      writeText(
        dir,
        "baton.yaml",
        `name: shop\nversion: 2\nnodes:\n  - name: a\n    port: 9001\nedges: []\n`,
      );
      // Hold the lowest port above 9001 that is free right now: Baton must not pick it.
      let held: Server | undefined;
      let heldPort = 9001;
      while (held === undefined && heldPort < 9100) held = await listen(++heldPort);
      expect(held, "no free port to hold from 9002 to 9100").toBeDefined();
      try {
        const result = await baton(dir, "node", "add", "b");
        expectOk(result);
        const port = portOf(result.stdout);
        expect(port).not.toBe(9001);
        expect(port).not.toBe(heldPort);
        expect(port).toBeGreaterThanOrEqual(9002);
        expect(port).toBeLessThanOrEqual(9999);
      } finally {
        if (held) await close(held);
      }
    },
  );

  cliTest(
    "rejects bad names, ports, modes and roles as usage errors, leaving the file alone",
    async (dir) => {
      writeText(dir, "baton.yaml", SHOP);

      const [name, port0, port65536, portAbc, mode, role] = await batonAll(dir, [
        ["node", "add", "Bad_Name"],
        ["node", "add", "x", "--port", "0"],
        ["node", "add", "x", "--port", "65536"],
        ["node", "add", "x", "--port", "abc"],
        ["node", "add", "x", "--mode", "ftp"],
        ["node", "add", "x", "--role", "boss"],
      ]);
      expectError(name, EXIT_USAGE, "E_USAGE");
      expect(name.stderr).toBe(
        "error[E_USAGE] <name>: 'Bad_Name' is not a lowercase DNS label; use 'bad-name': lowercase letters, digits and '-', starting with a letter, at most 63 characters; see 'baton node add --help'\n",
      );

      for (const result of [port0, port65536, portAbc]) {
        expectError(result, EXIT_USAGE, "E_USAGE");
        expect(result.stderr).toMatch(/^error\[E_USAGE\] --port <port>: .* is not a port/);
      }
      expect(port65536.stderr).toContain("65536 is not a port (1-65535)");

      expectError(mode, EXIT_USAGE, "E_USAGE");
      expect(mode.stderr).toContain("--mode <mode>:");
      expect(mode.stderr).toContain("http, tcp, grpc, protobuf, soap");

      expectError(role, EXIT_USAGE, "E_USAGE");
      expect(role.stderr).toContain("service, ingress, egress");

      expect(readText(dir, "baton.yaml")).toBe(SHOP);
      expect(listTree(dir)).toEqual(["baton.yaml"]);
    },
  );

  cliTest(
    "refuses a name or a port already in the circuit (exit 1), leaving the file alone",
    async (dir) => {
      writeText(dir, "baton.yaml", SHOP);

      const [name, port] = await batonAll(dir, [
        ["node", "add", "orders", "--port", "8100"],
        ["node", "add", "stock", "--port", "8002"],
      ]);
      expectError(name, EXIT_ERROR, "E_NODE_EXISTS");
      expect(name.stderr).toBe(
        "error[E_NODE_EXISTS] node 'orders' already exists; choose another name, or 'baton node rm' the old one first\n",
      );

      expect(port.code).toBe(EXIT_ERROR);
      expect(port.stderr).toMatch(/^error\[E_[A-Z_]+\] /);
      expect(port.stderr).toContain("port 8002 is already used by node 'payments'");
      expect(port.stderr).not.toContain("    at ");

      expect(readText(dir, "baton.yaml")).toBe(SHOP);
      expect(listTree(dir)).toEqual(["baton.yaml"]);
    },
  );

  cliTest("without baton.yaml is E_CONFIG_NOT_FOUND and creates nothing", async (dir) => {
    const result = await baton(dir, "node", "add", "api");
    expectError(result, EXIT_ERROR, "E_CONFIG_NOT_FOUND");
    expect(result.stderr).toBe(
      "error[E_CONFIG_NOT_FOUND] baton.yaml: no such file; run 'baton init' to create it, or point --dir at a project\n",
    );
    expect(listTree(dir)).toEqual([]);
  });
});

describe("baton node rm NAME", () => {
  cliTest("removes the node, every edge touching it and its routing entry", async (dir) => {
    writeText(dir, "baton.yaml", SHOP);
    const result = await baton(dir, "node", "rm", "orders");
    expectOk(result);
    expect(result.stdout).toBe(
      "Removed node 'orders' and 2 edges (gateway -> orders, orders -> payments)\n",
    );
    const text = readText(dir, "baton.yaml");
    expect(text).not.toContain("orders");
    expect(text).not.toContain("weight");
    // An emptied routing section may stay as `routing: {}` or go away.
    expect(text.replace(/^routing: \{\}\n/m, "")).toBe(`# Shop circuit.
name: shop
version: 2
nodes:
  - name: gateway
    port: 8000
    role: ingress
  - name: payments
    port: 8002
    proxy_mode: grpc
  - name: psp
    port: 8003
    role: egress
edges:
  - source: payments
    target: psp
`);
  });

  cliTest(
    "an unknown node is E_NODE_NOT_FOUND with a did-you-mean, or the list of nodes",
    async (dir) => {
      writeText(dir, "baton.yaml", SHOP);
      const [near, far, badName] = await batonAll(dir, [
        ["node", "rm", "order"],
        ["node", "rm", "zzz"],
        ["node", "rm", "NotADnsLabel"],
      ]);
      expectError(near, EXIT_ERROR, "E_NODE_NOT_FOUND");
      expect(near.stderr).toBe(
        "error[E_NODE_NOT_FOUND] no node 'order' in the circuit; did you mean 'orders'?\n",
      );
      expectError(far, EXIT_ERROR, "E_NODE_NOT_FOUND");
      expect(far.stderr).toBe(
        "error[E_NODE_NOT_FOUND] no node 'zzz' in the circuit; nodes: gateway, orders, payments, psp\n",
      );
      expectError(badName, EXIT_USAGE, "E_USAGE");
      expect(readText(dir, "baton.yaml")).toBe(SHOP);
    },
  );
});

describe("baton edge add|rm FROM TO", () => {
  cliTest("adds and removes edges", async (dir) => {
    writeText(dir, "baton.yaml", SHOP);
    const add = await baton(dir, "edge", "add", "gateway", "payments");
    expectOk(add);
    expect(add.stdout).toBe("Added edge gateway -> payments\n");
    expect(readText(dir, "baton.yaml")).toBe(
      SHOP.replace(
        "    target: psp\n",
        "    target: psp\n  - source: gateway\n    target: payments\n",
      ),
    );

    const rm = await baton(dir, "edge", "rm", "orders", "payments");
    expectOk(rm);
    expect(rm.stdout).toBe("Removed edge orders -> payments\n");
    expect(readText(dir, "baton.yaml")).toBe(
      SHOP.replace("  - source: orders\n    target: payments\n", "").replace(
        "    target: psp\n",
        "    target: psp\n  - source: gateway\n    target: payments\n",
      ),
    );
  });

  cliTest("refuses unknown nodes, self-edges, duplicates and egress callers", async (dir) => {
    writeText(dir, "baton.yaml", SHOP);
    const cases: [string[], string, string][] = [
      [
        ["add", "gatewya", "orders"],
        "E_NODE_NOT_FOUND",
        "error[E_NODE_NOT_FOUND] no node 'gatewya' in the circuit; did you mean 'gateway'?\n",
      ],
      [
        ["add", "orders", "paymnts"],
        "E_NODE_NOT_FOUND",
        "error[E_NODE_NOT_FOUND] no node 'paymnts' in the circuit; did you mean 'payments'?\n",
      ],
      [
        ["add", "orders", "orders"],
        "E_EDGE_INVALID",
        "error[E_EDGE_INVALID] self-edge orders -> orders; a node does not call itself through Baton\n",
      ],
      [
        ["add", "orders", "payments"],
        "E_EDGE_EXISTS",
        "error[E_EDGE_EXISTS] edge orders -> payments already exists; nothing to do\n",
      ],
      [
        ["add", "psp", "orders"],
        "E_EDGE_INVALID",
        "error[E_EDGE_INVALID] egress node 'psp' cannot call other nodes; egress nodes stand for external services; reverse the edge or change the node's role\n",
      ],
    ];
    const results = await batonAll(
      dir,
      cases.map(([args]) => ["edge", ...args]),
    );
    cases.forEach(([, code, stderr], i) => {
      const result = results[i];
      expect(result).toBeDefined();
      if (result === undefined) return;
      expectError(result, EXIT_ERROR, code);
      expect(result.stderr).toBe(stderr);
    });
    expect(readText(dir, "baton.yaml")).toBe(SHOP);
    expect(listTree(dir)).toEqual(["baton.yaml"]);
  });

  cliTest(
    "rm of a missing edge is E_EDGE_NOT_FOUND; the hint names the reversed edge when there is one",
    async (dir) => {
      writeText(dir, "baton.yaml", SHOP);
      const [swapped, missing, usage] = await batonAll(dir, [
        ["edge", "rm", "payments", "orders"],
        ["edge", "rm", "gateway", "psp"],
        ["edge", "add", "orders"],
      ]);
      expectError(swapped, EXIT_ERROR, "E_EDGE_NOT_FOUND");
      expect(swapped.stderr).toBe(
        "error[E_EDGE_NOT_FOUND] no edge payments -> orders; there is orders -> payments; did you swap the names?\n",
      );
      expectError(missing, EXIT_ERROR, "E_EDGE_NOT_FOUND");
      expect(missing.stderr).toBe(
        "error[E_EDGE_NOT_FOUND] no edge gateway -> psp; 'baton status' lists the edges\n",
      );
      expectError(usage, EXIT_USAGE, "E_USAGE");
      expect(usage.stderr).toBe(
        "error[E_USAGE] missing required argument 'to'; see 'baton edge add --help'\n",
      );
      expect(readText(dir, "baton.yaml")).toBe(SHOP);
    },
  );
});

describe("baton contract set NODE SPEC", () => {
  cliTest(
    "stores the path relative to the project, even from another working directory",
    async (dir) => {
      writeText(dir, "proj/baton.yaml", SHOP);
      writeText(dir, "proj/specs/orders.yaml", OPENAPI_30);
      writeText(dir, "proj/specs/psp.json", JSON_SCHEMA);
      const elsewhere = writeText(dir, "elsewhere/README", "x\n").replace(/\/README$/, "");

      const openapi = await baton(
        elsewhere,
        "contract",
        "set",
        "orders",
        "../proj/specs/orders.yaml",
        "--dir",
        "../proj",
      );
      expectOk(openapi);
      expect(openapi.stdout).toBe(
        "Set contract for 'orders' to specs/orders.yaml (OpenAPI 3.0, 2 operations)\n",
      );

      const schema = await baton(
        elsewhere,
        "--dir",
        "../proj",
        "contract",
        "set",
        "psp",
        "../proj/specs/psp.json",
      );
      expectOk(schema);
      expect(schema.stdout).toBe("Set contract for 'psp' to specs/psp.json (JSON Schema)\n");

      expect(readText(dir, "proj/baton.yaml")).toBe(
        SHOP.replace(
          "    port: 8001\n",
          "    port: 8001\n    contract: specs/orders.yaml\n",
        ).replace("    role: egress\n", "    role: egress\n    contract: specs/psp.json\n"),
      );
      const check = await baton(dir, "validate", "--dir", "proj");
      expectOk(check);
      expect(check.stdout).toBe("proj/baton.yaml is valid: 4 nodes, 3 edges\n");
    },
  );

  cliTest("replaces an existing contract, keeping the line's comment", async (dir) => {
    const before = SHOP.replace(
      "    port: 8001\n",
      "    port: 8001\n    contract: old.json # v1 contract\n",
    );
    writeText(dir, "baton.yaml", before);
    writeText(dir, "old.json", JSON_SCHEMA);
    writeText(dir, "new.json", JSON_SCHEMA);
    expectOk(await baton(dir, "contract", "set", "orders", "new.json"));
    expect(readText(dir, "baton.yaml")).toBe(
      before.replace("contract: old.json # v1 contract", "contract: new.json # v1 contract"),
    );
  });

  cliTest(
    "a missing file, an unresolved $ref or an unknown node leave baton.yaml byte-identical",
    async (dir) => {
      writeText(dir, "baton.yaml", SHOP);
      writeText(dir, "specs/bad.yaml", OPENAPI_BAD_REF);
      writeText(dir, "specs/ok.json", JSON_SCHEMA);

      const [missing, badRef, unknown] = await batonAll(dir, [
        ["contract", "set", "orders", "specs/nope.yaml"],
        ["contract", "set", "orders", "specs/bad.yaml"],
        ["contract", "set", "ordres", "specs/ok.json"],
      ]);
      expectError(missing, EXIT_ERROR, "E_CONTRACT_NOT_FOUND");
      expect(missing.stderr).toContain("specs/nope.yaml does not exist");

      expectError(badRef, EXIT_ERROR, "E_CONTRACT_INVALID");
      expect(badRef.stderr).toMatch(
        /^error\[E_CONTRACT_INVALID\] specs\/bad\.yaml:8:17 \S*\$ref: \$ref '#\/components\/responses\/Missing' does not resolve; /,
      );

      expectError(unknown, EXIT_ERROR, "E_NODE_NOT_FOUND");
      expect(unknown.stderr).toContain("did you mean 'orders'?");

      expect(readText(dir, "baton.yaml")).toBe(SHOP);
      expect(listTree(dir)).toEqual(["baton.yaml", "specs", "specs/bad.yaml", "specs/ok.json"]);
    },
  );
});
