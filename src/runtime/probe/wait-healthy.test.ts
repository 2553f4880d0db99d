import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { freePort } from "../../../test/support/net-fixtures.js";
import { describe, expect, it, onTestFinished } from "vitest";
import { waitHealthy } from "./wait-healthy.js";

function serveHttp(port: number, status: number): Promise<Server> {
  const server = createHttpServer((_req, res) => res.writeHead(status).end());
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

describe("waitHealthy", () => {
  it("waits for a service that starts listening late, then says healthy", async () => {
    const port = await freePort();
    setTimeout(() => void serveHttp(port, 200), 300);
    const result = await waitHealthy(
      "http",
      { host: "127.0.0.1", port },
      { path: "/health", timeoutMs: 5_000 },
    );
    expect(result.status).toBe("healthy");
  });

  it("gives up at the timeout with the last reason", async () => {
    const port = await freePort();
    await serveHttp(port, 503);
    const started = performance.now();
    const result = await waitHealthy("http", { host: "127.0.0.1", port }, { timeoutMs: 400 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.status).toBe("unhealthy");
    // The last check says 503, or (on a loaded machine) that it ran out of the time left.
    expect(result.reason).toMatch(/^not healthy within 400 ms \(last check: (HTTP 503|.*timeout)/);
  });

  it("stops at once when aborted, and checks tcp services by connecting", async () => {
    const port = await freePort();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const started = performance.now();
    const result = await waitHealthy(
      "tcp",
      { host: "127.0.0.1", port },
      { timeoutMs: 10_000, signal: abort.signal },
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.status).toBe("unhealthy");
    const server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
    expect((await waitHealthy("tcp", { host: "127.0.0.1", port })).status).toBe("healthy");
  });
});
