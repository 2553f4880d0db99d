import { connect } from "node:net";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { checkGrpcHealth, HttpAdapter, type HttpHandler } from "../adapter/index.js";
import { loadCircuit } from "../circuit/index.js";
import { planCollapse, type MockBackend } from "./collapse-plan.js";
import { startNodeMock } from "./node-mock.js";

const SHOP = fileURLToPath(new URL("../../examples/shop/baton.yaml", import.meta.url));
const HERE = dirname(fileURLToPath(import.meta.url));

const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

/** An adapter serving `handler` for `node`, closed at the end of the test. */
async function behindAdapter(node: string, handler: HttpHandler): Promise<string> {
  const adapter = new HttpAdapter({ node, port: 0 });
  const port = await adapter.listen();
  onTestFinished(() => adapter.close(1_000));
  adapter.apply({
    version: 1,
    targets: [{ kind: "handler", id: "mock", handler }],
    route: { kind: "single", target: "mock" },
  });
  return `http://127.0.0.1:${port}`;
}

async function start(backend: MockBackend) {
  const running = await startNodeMock(backend, { baseDir: HERE });
  onTestFinished(() => running.close());
  return running;
}

describe("startNodeMock", () => {
  it("mocks the whole shop example from its plan; every node answers its health path", async () => {
    const { config, dir } = loadCircuit(SHOP);
    const plan = planCollapse(config.nodes, []);
    expect(plan.level).toBe("full_mock");
    const dispatcher = new Agent();
    agents.push(dispatcher);
    for (const backend of plan.backends) {
      if (backend.kind !== "mock") throw new Error("all mocked");
      const running = await startNodeMock(backend, { baseDir: dir });
      onTestFinished(() => running.close());
      if (running.kind !== "handler") throw new Error("the shop is all HTTP");
      const url = await behindAdapter(backend.node, running.handler);
      const health = await request(`${url}/health`, { dispatcher });
      expect([backend.node, health.statusCode]).toEqual([backend.node, 200]);
      expect(health.headers["x-baton-served-by"]).toBe(`${backend.node}/mock`);
      await health.body.dump();
    }
  });

  it("starts network mocks for grpc, protobuf and tcp nodes, from contracts or generic", async () => {
    const grpc = await start({
      kind: "mock",
      node: "quotes",
      source: "contract",
      contract: "grpc/testdata/shop.proto",
      protocol: "grpc",
    });
    const bare = await start({
      kind: "mock",
      node: "bare",
      source: "generic",
      reason: "",
      protocol: "grpc",
    });
    for (const m of [grpc, bare]) {
      if (m.kind !== "network") throw new Error("network mock expected");
      expect(await checkGrpcHealth({ host: m.host, port: m.port })).toMatchObject({
        status: "healthy",
      });
    }
    const tcp = await start({
      kind: "mock",
      node: "echo",
      source: "generic",
      reason: "",
      protocol: "tcp",
    });
    const frames = await start({
      kind: "mock",
      node: "ticks",
      source: "contract",
      contract: "protobuf/testdata/quote.proto",
      protocol: "protobuf",
    });
    if (tcp.kind !== "network" || frames.kind !== "network")
      throw new Error("network mocks expected");
    expect((await exchange(tcp.port, Buffer.from("ping\n"))).toString()).toBe("ping\n");
    const answer = await exchange(frames.port, Buffer.from([0, 0, 0, 0]));
    expect(answer.readUInt32BE(0)).toBe(answer.length - 4);
  });

  it("serves a SOAP node from its WSDL and an OpenAPI node without contract generically", async () => {
    const soap = await start({
      kind: "mock",
      node: "calc",
      source: "contract",
      contract: "soap/testdata/calc.wsdl",
      protocol: "soap",
    });
    const generic = await start({
      kind: "mock",
      node: "bare",
      source: "generic",
      reason: "",
      protocol: "http",
    });
    if (soap.kind !== "handler" || generic.kind !== "handler") throw new Error("handlers expected");
    const url = await behindAdapter("bare", generic.handler);
    const r = await request(`${url}/anything`);
    expect(await r.body.json()).toMatchObject({ status: "mock", node: "bare" });
    const wsdl = await request(`${await behindAdapter("calc", soap.handler)}/svc?wsdl`);
    expect([wsdl.statusCode, await wsdl.body.text()]).toEqual([
      200,
      expect.stringContaining("definitions"),
    ]);
  });

  it("fails before listening when a contract cannot be read, naming the file", async () => {
    await expect(
      startNodeMock(
        {
          kind: "mock",
          node: "x",
          source: "contract",
          contract: "http/testdata/broken.yaml",
          protocol: "http",
        },
        { baseDir: HERE },
      ),
    ).rejects.toThrow(/does not resolve/);
  });
});

/** Sends `bytes` on a fresh connection; resolves with the first bytes answered. */
function exchange(port: number, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    onTestFinished(() => {
      socket.destroy();
    });
    socket.once("data", (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk);
    });
    socket.once("error", reject);
  });
}
