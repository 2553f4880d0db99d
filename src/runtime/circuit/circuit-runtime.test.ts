import { connect } from "node:net";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../../test/support/net-fixtures.js";
import { loadCircuit } from "../../circuit/index.js";
import { type RuntimeNode } from "./circuit-runtime.js";
import { testRuntime as runtime } from "../../../test/support/runtime-fixture.js";
import { alive } from "../../../test/support/process-alive.js";

const SHOP = fileURLToPath(new URL("../../../examples/shop/baton.yaml", import.meta.url));
const MOCKS = fileURLToPath(new URL("../../mock/", import.meta.url));
const FIXTURE = fileURLToPath(new URL("testdata/live-service.js", import.meta.url));

const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", () => resolve(true));
  });
}

describe("CircuitRuntime", () => {
  it("boots the shop example fully mocked: every node answers through its adapter", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = runtime(dir, config.nodes, config.edges);
    const result = await rt.up();
    expect(result.ok).toBe(true);
    expect(rt.level).toBe("full_mock");
    const dispatcher = new Agent();
    agents.push(dispatcher);
    for (const node of rt.status()) {
      expect(node.backend).toBe("mock");
      const r = await request(`http://127.0.0.1:${node.port}/health`, { dispatcher });
      expect([node.name, r.statusCode]).toEqual([node.name, 200]);
      await r.body.dump();
    }
    const orders = rt.status().find((n) => n.name === "orders");
    const order = await request(`http://127.0.0.1:${orders?.port}/orders/ord_7Hq2Xk`, {
      dispatcher,
    });
    expect(await order.body.json()).toMatchObject({ id: "ord_7Hq2Xk" });
    expect(rt.status().find((n) => n.name === "orders")?.stats?.requests).toBe(2);
  });

  it("leaves a node slotted live without a backend (503) while the rest is mocked", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = runtime(dir, config.nodes, config.edges);
    expect((await rt.up(["users"])).ok).toBe(true);
    expect(rt.level).toBe("partial");
    const users = rt.status().find((n) => n.name === "users");
    expect(users?.backend).toBe("none");
    const r = await request(`http://127.0.0.1:${users?.port}/health`);
    expect(r.statusCode).toBe(503);
    await r.body.dump();
  });

  it("mocks tcp and grpc nodes behind their own adapters", async () => {
    const rt = runtime(MOCKS, [
      { name: "echo", role: "service", proxy_mode: "tcp", host: "127.0.0.1", port: 0 },
      {
        name: "quotes",
        role: "service",
        proxy_mode: "grpc",
        host: "127.0.0.1",
        port: 0,
        contract: "grpc/testdata/shop.proto",
      },
    ]);
    expect((await rt.up()).ok).toBe(true);
    const echo = rt.status().find((n) => n.name === "echo");
    const answer = await new Promise<string>((resolve, reject) => {
      const s = connect(echo?.port ?? 0, "127.0.0.1", () => s.write("hello\n"));
      s.once("data", (d: Buffer) => {
        s.destroy();
        resolve(d.toString());
      });
      s.once("error", reject);
    });
    expect(answer).toBe("hello\n");
  });

  it("fails naming the node and the step, and leaves nothing listening", async () => {
    const dir = dirname(
      fileURLToPath(new URL("../../mock/http/testdata/broken.yaml", import.meta.url)),
    );
    const port = await freePort();
    const nodes: RuntimeNode[] = [
      { name: "fine", role: "service", proxy_mode: "http", host: "127.0.0.1", port },
      {
        name: "broken",
        role: "service",
        proxy_mode: "http",
        host: "127.0.0.1",
        port: 0,
        contract: "broken.yaml",
      },
    ];
    const rt = runtime(dir, nodes, [], (n) => n.port);
    const result = await rt.up();
    expect(result.ok).toBe(false);
    expect(result.failed?.name).toBe("start the mock of broken");
    expect(result.failed?.error).toMatch(/does not resolve/);
    // "fine" came up beside it, and was taken down again.
    expect(result.steps.find((s) => s.name === "open the adapter of fine")?.status).toBe(
      "completed",
    );
    expect(rt.status().every((n) => n.backend === "none")).toBe(true);
    expect(await refused(port)).toBe(true);
  });

  it("slots a live service: started on its own port, healthy, then the adapter switches to it", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = runtime(dir, config.nodes, config.edges);
    expect((await rt.up()).ok).toBe(true);
    const lines: string[] = [];
    const result = await rt.slot("orders", {
      command: `"${process.execPath}" "${FIXTURE}"`,
      cwd: dir,
      onLine: (l) => lines.push(l.text),
    });
    expect(result.ok).toBe(true);
    const orders = rt.status().find((n) => n.name === "orders");
    expect(orders?.backend).toBe("live");
    expect(rt.level).toBe("partial");
    const r = await request(`http://127.0.0.1:${orders?.port}/orders/x`);
    expect(await r.body.json()).toEqual({ live: true, path: "/orders/x" });
    expect(r.headers["x-baton-served-by"]).toBe("orders/live");
    expect(lines[0]).toBe(`listening on ${orders?.live?.port}`);
    await expect(rt.slot("orders", { command: "x", cwd: dir })).rejects.toThrow(/already runs/);
    await expect(rt.slot("payments", { command: "x", cwd: dir })).rejects.toThrow(/egress/);
  });

  it("leaves the node on its mock when the service never comes up, naming the step", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = runtime(dir, config.nodes, config.edges);
    expect((await rt.up()).ok).toBe(true);
    const result = await rt.slot("orders", {
      command: `"${process.execPath}" "${FIXTURE}" fail`,
      cwd: dir,
      healthTimeoutMs: 500,
    });
    expect(result.ok).toBe(false);
    expect(result.failed?.name).toBe("wait until the service of orders is healthy");
    expect(rt.status().find((n) => n.name === "orders")).toMatchObject({
      backend: "mock",
      live: null,
    });
    await expect(rt.slot("orders", { command: "node a.js | tee log", cwd: dir })).rejects.toThrow(
      expect.objectContaining({ code: "E_COMMAND_INVALID" }),
    );
    // A missing program is refused before anything starts (not retried as a start failure).
    await expect(
      rt.slot("orders", { command: "no-such-program-xyz --port 1", cwd: dir }),
    ).rejects.toThrow(expect.objectContaining({ code: "E_PROGRAM_NOT_FOUND" }));
    expect(rt.status().find((n) => n.name === "orders")?.backend).toBe("mock");
  });

  it("swaps a live service under concurrent load with no failed request, then stops the old one", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = runtime(dir, config.nodes, config.edges);
    expect((await rt.up()).ok).toBe(true);
    const service = (tag: string) => ({
      command: `"${process.execPath}" "${FIXTURE}" ${tag}`,
      cwd: dir,
    });
    expect((await rt.slot("orders", service("v1"))).ok).toBe(true);
    const before = rt.status().find((n) => n.name === "orders");
    const oldPid = before?.live?.pid as number;
    const dispatcher = new Agent({ connections: 20 });
    agents.push(dispatcher);
    const statuses: number[] = [];
    const tags = new Set<string>();
    let running = true;
    const worker = async (path: string) => {
      while (running) {
        const r = await request(`http://127.0.0.1:${before?.port}${path}`, { dispatcher });
        statuses.push(r.statusCode);
        tags.add(((await r.body.json()) as { tag: string }).tag);
      }
    };
    const load = [
      ...Array.from({ length: 16 }, () => worker("/orders/x")),
      ...Array.from({ length: 4 }, () => worker("/slow")),
    ];
    await new Promise((resolve) => setTimeout(resolve, 200));
    const steps: string[] = [];
    const result = await rt.swap("orders", service("v2"), (p) => {
      if (p.event === "completed") steps.push(p.step);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    running = false;
    await Promise.all(load);
    expect(result.ok).toBe(true);
    expect(steps).toEqual([
      "start the new service of orders",
      "wait until the new service of orders is healthy",
      "check the new service of orders against its contract",
      "switch orders's adapter to the new service",
      `drain orders's old service (pid ${oldPid})`,
      `stop orders's old service (pid ${oldPid})`,
    ]);
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect([...tags].sort()).toEqual(["v1", "v2"]);
    const after = rt.status().find((n) => n.name === "orders");
    expect(after?.live?.pid).not.toBe(oldPid);
    expect(alive(oldPid)).toBe(false);
  });

  it("refuses a second operation on a node while one runs, and takes it once that ended", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = runtime(dir, config.nodes, config.edges);
    expect((await rt.up()).ok).toBe(true);
    const service = { command: `"${process.execPath}" "${FIXTURE}"`, cwd: dir };
    const first = rt.slot("orders", service);
    await expect(rt.swap("orders", service)).rejects.toThrow(/'orders' is busy: a slot of it/);
    await expect(rt.collapse([])).rejects.toThrow(/'orders' is busy/);
    expect((await first).ok).toBe(true);
    expect((await rt.swap("orders", service)).ok).toBe(true);
    expect(rt.status().filter((n) => n.live !== null)).toHaveLength(1);
  });

  it("keeps the old service when the new one never comes up", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = runtime(dir, config.nodes, config.edges);
    expect((await rt.up()).ok).toBe(true);
    expect(
      (await rt.slot("orders", { command: `"${process.execPath}" "${FIXTURE}" v1`, cwd: dir })).ok,
    ).toBe(true);
    const live = rt.status().find((n) => n.name === "orders")?.live;
    const result = await rt.swap("orders", {
      command: `"${process.execPath}" "${FIXTURE}" fail`,
      cwd: dir,
      healthTimeoutMs: 500,
    });
    expect(result.failed?.name).toBe("wait until the new service of orders is healthy");
    expect(rt.status().find((n) => n.name === "orders")).toMatchObject({ backend: "live", live });
    expect(alive(live?.pid as number)).toBe(true);
  });

  it("unslots back to the mock and collapses everything else, refusing unknown names first", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const rt = runtime(dir, config.nodes, config.edges);
    expect((await rt.up(["users"])).ok).toBe(true);
    const service = { command: `"${process.execPath}" "${FIXTURE}"`, cwd: dir };
    expect((await rt.slot("orders", service)).ok).toBe(true);
    expect((await rt.slot("users", service)).ok).toBe(true);
    const pids = rt.status().flatMap((n) => (n.live === null ? [] : [n.live.pid]));
    expect(pids).toHaveLength(2);

    expect((await rt.unslot("orders")).ok).toBe(true);
    const orders = rt.status().find((n) => n.name === "orders");
    expect(orders).toMatchObject({ backend: "mock", live: null });
    const r = await request(`http://127.0.0.1:${orders?.port}/orders/ord_7Hq2Xk`);
    expect(await r.body.json()).toMatchObject({ id: "ord_7Hq2Xk" });
    await expect(rt.unslot("orders")).rejects.toThrow(/already mocked/);

    await expect(rt.collapse(["nope"])).rejects.toThrow(
      expect.objectContaining({ code: "E_NODE_NOT_FOUND" }),
    );
    expect(rt.level).toBe("partial");
    // users was started without a mock (--live): collapse starts it, then retires the service.
    expect((await rt.collapse([])).ok).toBe(true);
    expect(rt.level).toBe("full_mock");
    expect(rt.status().every((n) => n.backend === "mock")).toBe(true);
    expect(pids.map(alive)).toEqual([false, false]);
  });
});
