import { connect, createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  circuitSchema,
  loadCircuit,
  routingSchema,
  type CircuitConfig,
  type EdgeConfig,
  type NodeConfig,
} from "../../circuit/index.js";
import { testRuntime } from "../../../test/support/runtime-fixture.js";
import { planApply, runtimeNodesOf } from "./apply-plan.js";

const SHOP = fileURLToPath(new URL("../../../examples/shop/baton.yaml", import.meta.url));
const FIXTURE = fileURLToPath(new URL("testdata/live-service.js", import.meta.url));

async function get(port: number | undefined, path: string): Promise<[number, string]> {
  const r = await request(`http://127.0.0.1:${port}${path}`);
  return [r.statusCode, await r.body.text()];
}

function refused(port: number | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port ?? 0, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(false)));
    s.once("error", () => resolve(true));
  });
}

/** The shop with `edit` applied to a copy of its parsed declaration. */
function edited(config: CircuitConfig, edit: (raw: CircuitConfig) => void): CircuitConfig {
  const raw = structuredClone(config);
  edit(raw);
  return circuitSchema.parse(raw);
}

function node(config: CircuitConfig, name: string): NodeConfig {
  const found = config.nodes.find((n) => n.name === name);
  if (found === undefined) throw new Error(`no node ${name}`);
  return found;
}

describe("CircuitRuntime.apply", () => {
  it("adds, changes and removes nodes without touching the rest", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = testRuntime(dir, runtimeNodesOf(config), config.edges);
    expect((await rt.up()).ok).toBe(true);
    const port = (name: string) => rt.status().find((n) => n.name === name)?.port;
    expect((await get(port("gateway"), "/health"))[0]).toBe(200);
    const before = new Map(rt.status().map((n) => [n.name, n]));
    const next = edited(config, (raw) => {
      raw.nodes = raw.nodes.filter((n) => n.name !== "users");
      raw.edges = raw.edges.filter((e) => e.target !== "users");
      const catalog = node(raw, "catalog");
      catalog.contract = "contracts/users.yaml"; // its mock now answers /users
      const orders = node(raw, "orders");
      orders.port = 9199;
      raw.nodes.push({
        name: "search",
        port: 9198,
        contract: "contracts/catalog.yaml",
      } as NodeConfig);
      raw.edges.push({ source: "gateway", target: "search" } as EdgeConfig);
    });
    const plan = planApply(config, next);
    const result = await rt.apply(plan, next.edges);
    expect(result.ok, JSON.stringify(result.failed)).toBe(true);

    const after = new Map(rt.status().map((n) => [n.name, n]));
    expect([...after.keys()]).toEqual(["gateway", "orders", "catalog", "payments", "search"]);
    // Untouched: same adapter (same port, its counter kept).
    for (const name of ["gateway", "payments"]) {
      expect(after.get(name)?.port).toBe(before.get(name)?.port);
      expect(after.get(name)?.stats?.requests).toBe(before.get(name)?.stats?.requests);
    }
    expect(after.get("gateway")?.stats?.requests).toBe(1);
    expect(await refused(before.get("users")?.port)).toBe(true);
    expect(await refused(before.get("orders")?.port)).toBe(true);
    expect((await get(port("orders"), "/orders/ord_1"))[0]).toBe(200);
    expect(port("catalog")).toBe(before.get("catalog")?.port);
    expect((await get(port("catalog"), "/users/usr_42"))[0]).toBe(200);
    expect((await get(port("search"), "/products"))[0]).toBe(200);
    expect(rt.nodes.map((n) => n.name)).toEqual([...after.keys()]);
  });

  it("keeps a live service through a routing change; a locked node refuses a swap", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = testRuntime(dir, runtimeNodesOf(config), config.edges);
    expect((await rt.up()).ok).toBe(true);
    const slotted = await rt.slot("users", { command: `node ${FIXTURE} one`, cwd: dir });
    expect(slotted.ok).toBe(true);
    const pid = rt.status().find((n) => n.name === "users")?.live?.pid;
    const next = edited(config, (raw) => {
      raw.routing = { users: routingSchema.parse({ locked: true }) };
      raw.edges.push({ source: "orders", target: "users", policy: { retries: 0 } } as EdgeConfig);
    });
    const plan = planApply(config, next);
    expect(plan.change.map((c) => [c.after.name, c.touch])).toEqual([["users", "republish"]]);
    expect((await rt.apply(plan, next.edges)).ok).toBe(true);
    const users = rt.status().find((n) => n.name === "users");
    expect(users?.live?.pid).toBe(pid);
    expect(await get(users?.port, "/x")).toEqual([200, expect.stringContaining('"tag":"one"')]);
    await expect(rt.swap("users", { command: `node ${FIXTURE} two`, cwd: dir })).rejects.toThrow(
      /routing is locked/,
    );
  });

  it("reopens a node on a new protocol: the live service stops, the new mock serves", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = testRuntime(dir, runtimeNodesOf(config), config.edges);
    expect((await rt.up()).ok).toBe(true);
    expect((await rt.slot("users", { command: `node ${FIXTURE}`, cwd: dir })).ok).toBe(true);
    const next = edited(config, (raw) => {
      const users = node(raw, "users");
      users.proxy_mode = "tcp";
      users.contract = "";
      delete users.health_path;
    });
    const plan = planApply(config, next);
    expect(plan.change[0]?.touch).toBe("reopen");
    expect((await rt.apply(plan, next.edges)).ok).toBe(true);
    const users = rt.status().find((n) => n.name === "users");
    expect([users?.protocol, users?.backend, users?.live]).toEqual(["tcp", "mock", null]);
    const echoed = await new Promise<string>((resolve, reject) => {
      const s = connect(users?.port ?? 0, "127.0.0.1", () => s.write("ping"));
      s.once("data", (d) => (s.destroy(), resolve(d.toString())));
      s.once("error", reject);
    });
    expect(echoed).toBe("ping");
    expect(rt.level).toBe("full_mock");
  });
});

describe("CircuitRuntime.apply after a failure", () => {
  it("keeps the nodes that converged; the next plan, from what runs, finishes the rest", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as AddressInfo).port;
    onTestFinished(() => void blocker.close());
    // Catalog listens where baton.yaml says (the others where the OS chooses).
    const rt = testRuntime(dir, runtimeNodesOf(config), config.edges, (n) =>
      n.name === "catalog" && n.port === taken ? taken : 0,
    );
    expect((await rt.up()).ok).toBe(true);
    const next = edited(config, (raw) => {
      node(raw, "catalog").port = taken; // taken: its new adapter cannot listen
      node(raw, "users").contract = "contracts/catalog.yaml";
    });
    const failed = await rt.apply(planApply(config, next), next.edges);
    expect([failed.ok, failed.failed?.name]).toEqual([
      false,
      `open the adapter of catalog on 127.0.0.1:${taken}`,
    ]);
    const users = rt.status().find((n) => n.name === "users");
    expect((await get(users?.port, "/products"))[0]).toBe(200); // users converged
    expect(rt.nodes.find((n) => n.name === "catalog")?.port).toBe(config.nodes[3]?.port);

    await new Promise((resolve) => blocker.close(resolve));
    const again = planApply(config, next, { runningNodes: rt.nodes });
    expect(again.change.map((c) => c.after.name)).toEqual(["catalog"]);
    expect((await rt.apply(again, next.edges)).ok).toBe(true);
    expect(rt.status().find((n) => n.name === "catalog")?.port).toBe(taken);
  });
});
