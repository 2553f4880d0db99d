import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { FakeClock } from "../../common/index.js";
import { checkTcpHealth } from "./tcp-health.js";

async function listen(onSocket: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    onSocket(s);
  });
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port };
}

describe("checkTcpHealth", () => {
  it("is healthy when a connection opens, and closes it", async () => {
    let closed!: Promise<unknown>;
    const { port } = await listen((s) => {
      closed = new Promise((resolve) => s.on("close", resolve));
    });
    const result = await checkTcpHealth({ host: "127.0.0.1", port }, { clock: new FakeClock() });
    expect(result).toEqual({ status: "healthy", reason: "TCP connect ok", latencyMs: 0 });
    await closed;
  });

  it("is healthy for a server that accepts and never speaks (connect is all it asks)", async () => {
    const { port } = await listen(() => {});
    expect((await checkTcpHealth({ host: "127.0.0.1", port })).status).toBe("healthy");
  });

  it("is unhealthy when the connection is refused", async () => {
    const { server, port } = await listen(() => {});
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await checkTcpHealth({ host: "127.0.0.1", port });
    expect(result).toMatchObject({ status: "unhealthy", reason: "connect ECONNREFUSED" });
  });

  it("is unknown for a target it cannot even dial", async () => {
    const result = await checkTcpHealth({ host: "127.0.0.1", port: 70_000 });
    expect(result.status).toBe("unknown");
    expect(result.reason).toMatch(/^cannot probe: /);
  });
});
