import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server,
  type Socket,
} from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { FakeClock } from "../../common/index.js";
import type { HealthTarget } from "./health-result.js";
import { checkHttpHealth } from "./http-health.js";

/** Starts `server` on 127.0.0.1:0; its sockets are destroyed and it is closed when the test ends. */
async function serve(server: Server): Promise<HealthTarget & { sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
  });
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { host: "127.0.0.1", port: (server.address() as AddressInfo).port, sockets };
}

function http(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  return serve(createServer(handler));
}

describe("checkHttpHealth", () => {
  it("GETs the health path with Connection: close and calls 2xx healthy", async () => {
    const seen: IncomingMessage[] = [];
    const target = await http((req, res) => {
      seen.push(req);
      res.end('{"status":"ok"}');
    });
    const result = await checkHttpHealth(target, { clock: new FakeClock() });
    expect(result).toEqual({ status: "healthy", reason: "HTTP 200", latencyMs: 0 });
    expect(seen.map((r) => [r.method, r.url, r.headers.connection])).toEqual([
      ["GET", "/health", "close"],
    ]);
  });

  it("calls 3xx healthy and uses the given path", async () => {
    const target = await http((req, res) => res.writeHead(302, { location: req.url }).end());
    expect(await checkHttpHealth(target, { path: "/ready" })).toMatchObject({
      status: "healthy",
      reason: "HTTP 302",
    });
  });

  it.each([404, 500, 503])("calls HTTP %i unhealthy", async (code) => {
    const target = await http((_req, res) => res.writeHead(code).end("no"));
    expect(await checkHttpHealth(target)).toMatchObject({
      status: "unhealthy",
      reason: `HTTP ${code}`,
    });
  });

  it("reads at most the cap of a huge body, then closes the connection", async () => {
    const target = await http((_req, res) => {
      res.writeHead(200);
      const block = Buffer.alloc(64 * 1024, 0x61);
      const more = (): void => {
        while (res.write(block));
      };
      res.on("drain", more);
      more();
    });
    const result = await checkHttpHealth(target, { maxBodyBytes: 1024 });
    expect(result.status).toBe("healthy");
    // The check cut the connection: the server's socket closes without the test closing it.
    const [socket] = target.sockets;
    if (socket !== undefined && !socket.destroyed) {
      await new Promise((resolve) => socket.on("close", resolve));
    }
  });

  it("refuses an invalid path without sending anything", async () => {
    let requests = 0;
    const target = await http((_req, res) => {
      requests++;
      res.end();
    });
    const result = await checkHttpHealth(target, { path: "/health\r\nX: y" });
    expect(result).toMatchObject({
      status: "unknown",
      reason: "Invalid health_path: '/health\r\nX: y'",
    });
    expect(requests).toBe(0);
  });

  it("settles as unhealthy when the server never answers", async () => {
    const target = await http(() => {}); // accepts, reads, never responds
    expect(await checkHttpHealth(target, { timeoutMs: 50 })).toMatchObject({
      status: "unhealthy",
      reason: "timeout after 50 ms",
    });
  });

  it("is unhealthy when the server resets the connection", async () => {
    const target = await serve(createNetServer((s) => s.once("data", () => s.resetAndDestroy())));
    expect(await checkHttpHealth(target)).toMatchObject({
      status: "unhealthy",
      reason: "read ECONNRESET",
    });
  });

  it("is unhealthy when nothing listens", async () => {
    const server = createServer();
    const target = await serve(server);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await checkHttpHealth(target)).toMatchObject({
      status: "unhealthy",
      reason: "connect ECONNREFUSED",
    });
  });
});
