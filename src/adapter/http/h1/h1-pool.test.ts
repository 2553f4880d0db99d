import { Readable } from "node:stream";
import { describe, expect, it, onTestFinished } from "vitest";
import { closedPort, startBackend } from "../../../../test/support/net-fixtures.js";
import { H1Pool, type ExchangeRequest } from "./h1-pool.js";

interface Result {
  status: number;
  body: string;
  error: string | null;
}

/** Sends one request through `pool` and collects the answer. */
function send(pool: H1Pool, request: Partial<ExchangeRequest> = {}): Promise<Result> {
  return new Promise((resolve) => {
    let status = 0;
    let body = "";
    pool.dispatch(
      { method: "GET", path: "/", headers: ["host", "t"], body: null, ...request },
      {
        onResponseStart: (_c, s) => (status = s),
        onResponseData: (_c, chunk) => (body += chunk.toString()),
        onResponseEnd: () => resolve({ status, body, error: null }),
        onResponseError: (_c, e) =>
          resolve({ status, body, error: (e as { code?: string }).code ?? e.message }),
      },
    );
  });
}

function pool(port: number, connections = 4, keepAliveMs = 5_000): H1Pool {
  const p = new H1Pool("127.0.0.1", port, { connections, connectTimeoutMs: 1_000, keepAliveMs });
  onTestFinished(() => p.close(true));
  return p;
}

describe("H1Pool", () => {
  it("reuses connections, queues beyond its limit, and streams request bodies (chunked when unsized)", async () => {
    const backend = await startBackend((req, res) => {
      let n = 0;
      req.on("data", (c: Buffer) => (n += c.length));
      req.on("end", () =>
        res.end(`${req.method} ${n} ${req.headers["transfer-encoding"] ?? "sized"}`),
      );
    });
    const p = pool(backend.port, 1);
    const answers = await Promise.all([
      send(p),
      send(p, { method: "POST", body: Readable.from([Buffer.alloc(3000), Buffer.alloc(5)]) }),
      send(p, {
        method: "PUT",
        headers: ["host", "t", "content-length", "2"],
        body: Readable.from([Buffer.from("hi")]),
      }),
    ]);
    expect(answers.map((a) => a.body)).toEqual(["GET 0 sized", "POST 3005 chunked", "PUT 2 sized"]);
    expect(backend.connections).toBe(1);
  });

  it("closes connections that idle past the keep-alive time, and only those", async () => {
    const backend = await startBackend((_req, res) => res.end("ok"));
    const p = pool(backend.port, 4, 200);
    await send(p);
    const closed = Date.now();
    await expect.poll(() => backend.open, { timeout: 2_000, interval: 20 }).toBe(0);
    expect(Date.now() - closed).toBeGreaterThanOrEqual(150);
    expect((await send(p)).body).toBe("ok"); // a fresh connection after the reap
    expect(backend.connections).toBe(2);
  });

  it("sends a bodiless request again when its reused connection had gone stale", async () => {
    const backend = await startBackend((req, res) => {
      res.end("ok");
      // The backend drops every connection right after answering (a short keep-alive).
      res.once("finish", () => setImmediate(() => req.socket.destroy()));
    });
    const p = pool(backend.port);
    expect(await send(p)).toMatchObject({ status: 200, body: "ok" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await send(p)).toMatchObject({ status: 200, body: "ok" });
  });

  it("reports a refused connection by its code, and a cut response as an error", async () => {
    expect((await send(pool(await closedPort()))).error).toBe("ECONNREFUSED");
    const backend = await startBackend((_req, res) => {
      res.socket!.end("HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\nshort");
    });
    expect((await send(pool(backend.port))).error).not.toBeNull();
  });

  it("reads again on a connection whose last handler paused it (a client gone mid-response)", async () => {
    const backend = await startBackend((_req, res) => res.end("ok"));
    const p = pool(backend.port, 1);
    const first = await new Promise<string>((resolve) =>
      p.dispatch(
        { method: "GET", path: "/", headers: ["host", "t"], body: null },
        {
          // As the relay does when its client's socket is full or gone: pause, never resume.
          onResponseData: (controller) => controller.pause(),
          onResponseEnd: () => resolve("ended"),
          onResponseError: (_c, e) => resolve(e.message),
        },
      ),
    );
    expect(first).toBe("ended");
    const second = await Promise.race([
      send(p),
      new Promise((resolve) => setTimeout(() => resolve("stuck"), 1_000)),
    ]);
    expect(second).toMatchObject({ status: 200, body: "ok" });
    expect(backend.connections).toBe(1);
  });
});
