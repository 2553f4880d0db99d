import { once } from "node:events";
import { Readable } from "node:stream";
import { Agent, request } from "undici";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { seededRandom } from "../../common/index.js";
import {
  closedPort,
  rawExchange,
  rawStatus,
  startBackend,
} from "../../../test/support/net-fixtures.js";
import type { RoutingSnapshot } from "../snapshot.js";
import { HttpAdapter } from "./http-adapter.js";
import type { HttpRequestRecord } from "./http-request.js";
import type { HttpHandler } from "../target.js";

const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

/** A client with its own keep-alive pool (closed after the test). */
function client(): Agent {
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  agents.push(agent);
  return agent;
}

/** An adapter for node `api` on 127.0.0.1:0, closed after the test; records every request. */
async function adapter(snapshot?: RoutingSnapshot) {
  const records: HttpRequestRecord[] = [];
  const a = new HttpAdapter({
    node: "api",
    port: 0,
    random: seededRandom(3),
    observer: { onRequest: (r) => records.push(r) },
  });
  const port = await a.listen();
  onTestFinished(() => a.close(1_000));
  if (snapshot !== undefined) expect(a.apply(snapshot)).toMatchObject({ ok: true });
  const url = (path = "/") => `http://127.0.0.1:${port}${path}`;
  return { a, port, url, records };
}

function single(port: number, version = 1, extra: Partial<RoutingSnapshot> = {}): RoutingSnapshot {
  return {
    version,
    targets: [{ kind: "network", id: "live", host: "127.0.0.1", port }],
    route: { kind: "single", target: "live" },
    ...extra,
  };
}

const text = async (r: Awaited<ReturnType<typeof request>>) => r.body.text();

describe("HttpAdapter", () => {
  it("answers 503 with a problem naming the node while it has no backend", async () => {
    const { url, records } = await adapter();
    const r = await request(url("/orders"), { dispatcher: client() });
    expect(r.statusCode).toBe(503);
    expect(r.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(await text(r))).toMatchObject({ status: 503, node: "api" });
    expect(records[0]).toMatchObject({ status: 503, target: null, errorKind: "no_backend" });
  });

  it("forwards with forwarding headers, drops hop-by-hop ones, and says who served", async () => {
    const backend = await startBackend((req, res) => {
      res.setHeader("keep-alive", "timeout=5");
      res.setHeader("x-seen", JSON.stringify(req.headers));
      res.end("hello");
    });
    const { url, port } = await adapter(single(backend.port));
    const r = await request(url("/a?b=1"), { dispatcher: client(), headers: { "x-keep": "2" } });
    expect(await text(r)).toBe("hello");
    expect(r.headers["x-baton-served-by"]).toBe("api/live");
    expect(r.headers["via"]).toBe("1.1 baton");
    expect(r.headers["keep-alive"]).not.toBe("timeout=5"); // the adapter's own, not the backend's
    const seen = JSON.parse(r.headers["x-seen"] as string) as Record<string, string>;
    // A header the client names in Connection is hop-by-hop too (raw: clients hide Connection).
    const raw = await rawExchange(
      port,
      "GET / HTTP/1.1\r\nhost: a\r\nconnection: x-private, close\r\nx-private: 1\r\n\r\n",
    );
    expect(raw).toMatch(/^HTTP\/1\.1 200/);
    expect(JSON.parse(/x-seen: (.*)\r\n/.exec(raw)![1]!)).not.toHaveProperty("x-private");
    expect(seen["x-keep"]).toBe("2");
    expect(seen["x-private"]).toBeUndefined();
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
    expect(seen["x-forwarded-proto"]).toBe("http");
    expect(seen["via"]).toBe("1.1 baton");
    expect(backend.requests[0]!.url).toBe("/a?b=1");
  });

  it("keeps client connections alive and pools backend connections", async () => {
    const backend = await startBackend((_req, res) => res.end("ok"));
    const { url } = await adapter(single(backend.port));
    const agent = client();
    for (let i = 0; i < 20; i++)
      expect(await text(await request(url(), { dispatcher: agent }))).toBe("ok");
    expect(backend.requests).toHaveLength(20);
    expect(backend.connections).toBe(1);
  });

  it("streams responses as they come (SSE is not buffered)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const backend = await startBackend((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: first\n\n");
      void gate.then(() => res.end("data: last\n\n"));
    });
    const { url } = await adapter(single(backend.port));
    const r = await request(url("/events"), { dispatcher: client() });
    const reader = r.body[Symbol.asyncIterator]();
    const first = await reader.next();
    expect(String(first.value)).toContain("data: first");
    release();
    let rest = "";
    for (let c = await reader.next(); !c.done; c = await reader.next()) rest += String(c.value);
    expect(rest).toContain("data: last");
  });

  it("streams a large chunked upload to the backend", async () => {
    const backend = await startBackend((req, res) => {
      let n = 0;
      req.on("data", (c: Buffer) => (n += c.length));
      req.on("end", () => res.end(String(n)));
    });
    const { url } = await adapter(single(backend.port));
    const chunk = Buffer.alloc(64 * 1024, 7);
    function* body() {
      for (let i = 0; i < 64; i++) yield chunk;
    }
    const r = await request(url("/upload"), {
      method: "POST",
      body: Readable.from(body()),
      dispatcher: client(),
    });
    expect(await text(r)).toBe(String(64 * 64 * 1024));
  });

  it("refuses bodies over the limit with 413, by Content-Length or while streaming", async () => {
    const backend = await startBackend((req, res) => {
      req.resume();
      req.on("end", () => res.end("took it"));
    });
    const { url } = await adapter(single(backend.port, 1, { limits: { maxBodyBytes: 1000 } }));
    const big = await request(url(), {
      method: "POST",
      body: Buffer.alloc(2000),
      dispatcher: client(),
    });
    expect(big.statusCode).toBe(413);
    await text(big);
    function* stream() {
      for (let i = 0; i < 10; i++) yield Buffer.alloc(500);
    }
    const chunked = await request(url(), {
      method: "POST",
      body: Readable.from(stream()),
      dispatcher: client(),
    }).catch((e: unknown) => e);
    // Either the 413 arrives, or the connection is cut while the body is still being sent.
    if (!(chunked instanceof Error))
      expect((chunked as { statusCode: number }).statusCode).toBe(413);
    expect(backend.requests.length).toBeLessThanOrEqual(1);
  });

  it("answers 431 for too many headers and for an oversized header block", async () => {
    const { port } = await adapter(
      single(await closedPort(), 1, { limits: { maxHeaderCount: 10 } }),
    );
    const many = Array.from({ length: 20 }, (_, i) => `x-h${i}: v\r\n`).join("");
    expect(rawStatus(await rawExchange(port, `GET / HTTP/1.1\r\nhost: a\r\n${many}\r\n`))).toBe(
      431,
    );
    const huge = `x-big: ${"a".repeat(20_000)}\r\n`;
    expect(rawStatus(await rawExchange(port, `GET / HTTP/1.1\r\nhost: a\r\n${huge}\r\n`))).toBe(
      431,
    );
  });

  it("refuses request smuggling shapes and header injection with 400, reaching no backend", async () => {
    const backend = await startBackend((_req, res) => res.end("no"));
    const { port } = await adapter(single(backend.port));
    const shapes = [
      "POST / HTTP/1.1\r\nhost: a\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nhost: a\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello!",
      "GET / HTTP/1.1\r\nhost: a\r\nx-a: b\rinjected: 1\r\n\r\n",
      "GET /\u0000 HTTP/1.1\r\nhost: a\r\n\r\n",
      "BROKEN\r\n\r\n",
    ];
    for (const shape of shapes) expect(rawStatus(await rawExchange(port, shape))).toBe(400);
    expect(backend.requests).toHaveLength(0);
  });

  it("answers 504 when the backend does not answer before the deadline", async () => {
    const backend = await startBackend(() => undefined); // never answers
    const { url, records } = await adapter(
      single(backend.port, 1, { limits: { requestTimeoutMs: 200 } }),
    );
    const r = await request(url(), { dispatcher: client() });
    expect(r.statusCode).toBe(504);
    await text(r);
    expect(records.at(-1)).toMatchObject({ status: 504, errorKind: "timeout" });
  });

  it("answers 502 when the backend is down, after retrying", async () => {
    const { url, records } = await adapter(single(await closedPort()));
    const r = await request(url(), { dispatcher: client() });
    expect(r.statusCode).toBe(502);
    expect(JSON.parse(await text(r))).toMatchObject({
      detail: expect.stringContaining("ECONNREFUSED") as unknown,
    });
    expect(records.at(-1)).toMatchObject({ status: 502, errorKind: "connect" });
  });

  it("retries a 503 of an idempotent request, but never a POST with a body", async () => {
    let calls = 0;
    const backend = await startBackend((req, res) => {
      calls++;
      req.resume();
      if (calls === 1 || req.method === "POST") res.writeHead(503).end("busy");
      else res.end("fine");
    });
    const { url } = await adapter(single(backend.port));
    const get = await request(url(), { dispatcher: client() });
    expect([get.statusCode, await text(get)]).toEqual([200, "fine"]);
    const post = await request(url(), { method: "POST", body: "x", dispatcher: client() });
    expect([post.statusCode, await text(post)]).toEqual([503, "busy"]);
    expect(calls).toBe(3);
  });

  it("cuts the client connection when the backend dies mid-body or lies about the length", async () => {
    const backend = await startBackend((req, res) => {
      if (req.url === "/lie") {
        res.socket!.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort");
        res.socket!.destroy();
      } else {
        res.writeHead(200);
        res.write("partial");
        setTimeout(() => res.socket!.destroy(), 20);
      }
    });
    const { url } = await adapter(single(backend.port));
    for (const path of ["/lie", "/reset"]) {
      const outcome = await request(url(path), { dispatcher: client() })
        .then((r) => r.body.text())
        .then(
          () => "complete",
          () => "cut",
        );
      expect(outcome, path).toBe("cut");
    }
  });

  it("answers Expect: 100-continue itself, and refuses an oversized body before it is sent", async () => {
    const backend = await startBackend((req, res) => {
      req.resume();
      req.on("end", () => res.end("stored"));
    });
    const { port } = await adapter(single(backend.port, 1, { limits: { maxBodyBytes: 10 } }));
    const ok = await rawExchange(
      port,
      "POST / HTTP/1.1\r\nhost: a\r\nexpect: 100-continue\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello",
    );
    expect(ok).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
    const big = await rawExchange(
      port,
      "POST / HTTP/1.1\r\nhost: a\r\nexpect: 100-continue\r\ncontent-length: 500\r\n\r\n",
    );
    expect(rawStatus(big)).toBe(413);
    expect(backend.requests).toHaveLength(1);
  });

  it("relays response trailers", async () => {
    const backend = await startBackend((_req, res) => {
      res.writeHead(200, { trailer: "x-checksum" });
      res.write("body");
      res.addTrailers({ "x-checksum": "abc" });
      res.end();
    });
    const { url } = await adapter(single(backend.port));
    const r = await request(url(), { dispatcher: client() });
    expect(await text(r)).toBe("body");
    expect(r.trailers).toMatchObject({ "x-checksum": "abc" });
  });

  it("serves from an in-process handler (a mock) and says so", async () => {
    const handler: HttpHandler = (_req, res) => res.end("mocked");
    const { url } = await adapter({
      version: 1,
      targets: [{ kind: "handler", id: "mock", handler }],
      route: { kind: "single", target: "mock" },
    });
    const r = await request(url(), { dispatcher: client() });
    expect([await text(r), r.headers["x-baton-served-by"]]).toEqual(["mocked", "api/mock"]);
  });

  it("refuses a stale, invalid or locked snapshot and keeps serving the last good one", async () => {
    const backend = await startBackend((_req, res) => res.end("v1"));
    const { a, url } = await adapter(single(backend.port, 5, { locked: true }));
    expect(a.apply(single(backend.port, 6))).toMatchObject({ ok: false, status: 423 });
    expect(a.apply(single(backend.port, 6), { unlock: true })).toMatchObject({ ok: true });
    expect(a.apply(single(backend.port, 6))).toMatchObject({ ok: false, status: 409 });
    const bad = a.apply({
      version: 7,
      targets: [{ kind: "network", id: "live", host: "127.0.0.1", port: 70_000 }],
      route: { kind: "single", target: "ghost" },
    });
    expect(bad).toMatchObject({ ok: false, status: 400 });
    expect(!bad.ok && bad.errors.join("\n")).toMatch(/targets\[0\]\.port/);
    expect(await text(await request(url(), { dispatcher: client() }))).toBe("v1");
  });

  it("swaps under concurrent load with zero failed requests; the old target drains", async () => {
    const slow = await startBackend((_req, res) => setTimeout(() => res.end("old"), 150));
    const fast = await startBackend((_req, res) => res.end("new"));
    const { a, url } = await adapter(single(slow.port));
    const agent = client();
    const inFlight = Array.from({ length: 30 }, () =>
      request(url(), { dispatcher: agent }).then(
        async (r) => [r.statusCode, await text(r)] as const,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const applied = a.apply({
      version: 2,
      targets: [{ kind: "network", id: "next", host: "127.0.0.1", port: fast.port }],
      route: { kind: "single", target: "next" },
    });
    if (!applied.ok) throw new Error(applied.errors.join("; "));
    const after = Array.from({ length: 30 }, () =>
      request(url(), { dispatcher: agent }).then(
        async (r) => [r.statusCode, await text(r)] as const,
      ),
    );
    const results = await Promise.all([...inFlight, ...after]);
    expect(results.filter(([s]) => s !== 200)).toEqual([]);
    // Requests that reached the adapter before the swap finish on the old target; every later
    // one goes to the new target.
    expect(results.slice(0, 30).some(([, b]) => b === "old")).toBe(true);
    expect(results.slice(30).every(([, b]) => b === "new")).toBe(true);
    const [report] = await applied.drained;
    expect(report).toMatchObject({ target: "live", cut: 0 });
    expect(report!.inFlight).toBeGreaterThan(0);
  });

  it("passes a WebSocket through", async () => {
    const { WebSocketServer } = await import("ws");
    const backend = await startBackend((_req, res) => res.end());
    const wss = new WebSocketServer({ server: backend.server });
    onTestFinished(() => wss.close());
    wss.on("connection", (ws) => ws.on("message", (m: Buffer) => ws.send(`echo ${m.toString()}`)));
    const { port } = await adapter(single(backend.port));
    const { WebSocket } = await import("ws");
    const ws = new WebSocket(`ws://127.0.0.1:${port}/chat`);
    onTestFinished(() => ws.terminate());
    await once(ws, "open");
    ws.send("hi");
    const [reply] = (await once(ws, "message")) as [Buffer];
    expect(reply.toString()).toBe("echo hi");
  });

  it("continues the client's trace (same trace id, new parent) and keeps a valid tracestate", async () => {
    const backend = await startBackend((req, res) =>
      res.end(JSON.stringify([req.headers["traceparent"], req.headers["tracestate"]])),
    );
    const { a, url } = await adapter(single(backend.port));
    const parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const r = await request(url("/t?q=secret"), {
      dispatcher: client(),
      headers: { traceparent: parent, tracestate: "vendor=1" },
    });
    const [sent, state] = JSON.parse(await text(r)) as [string, string];
    expect(sent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(sent).not.toBe(parent);
    expect(state).toBe("vendor=1");
    const fresh = await request(url(), { dispatcher: client(), headers: { traceparent: "junk" } });
    expect((JSON.parse(await text(fresh)) as string[])[0]).toMatch(
      /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/,
    );
    const signals = a.drainSignals();
    expect(signals[0]).toMatchObject({
      method: "GET",
      path: "/t",
      status: 200,
      target: "live",
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
    expect(a.drainSignals()).toEqual([]);
  });

  it("counts requests, statuses and latency per adapter and per target", async () => {
    const backend = await startBackend((req, res) =>
      res.writeHead(req.url === "/bad" ? 500 : 200).end(),
    );
    const { a, url } = await adapter(single(backend.port, 1, { maxRetries: 0 }));
    const agent = client();
    for (const path of ["/", "/", "/bad"])
      await text(await request(url(path), { dispatcher: agent }));
    const s = a.stats();
    expect(s.requests).toBe(3);
    expect(s.targets.find((t) => t.target === "live")).toMatchObject({ requests: 3 });
    expect(s.responses).toMatchObject({ "2xx": 2, "5xx": 1 });
    expect(s.latency.p99Ms).toBeGreaterThan(0);
  });

  it("splits weighted traffic as configured, and ejects a failing target", async () => {
    const good = await startBackend((_req, res) => res.end("good"));
    const other = await startBackend((_req, res) => res.end("other"));
    const { url, a } = await adapter({
      version: 1,
      targets: [
        { kind: "network", id: "a", host: "127.0.0.1", port: good.port },
        { kind: "network", id: "b", host: "127.0.0.1", port: other.port },
      ],
      route: {
        kind: "weighted",
        targets: [
          { target: "a", weight: 80 },
          { target: "b", weight: 20 },
        ],
      },
    });
    const agent = client();
    const counts = { good: 0, other: 0 };
    for (let i = 0; i < 400; i++)
      counts[(await text(await request(url(), { dispatcher: agent }))) as "good" | "other"]++;
    expect(counts.good / 400).toBeGreaterThan(0.72);
    expect(counts.good / 400).toBeLessThan(0.88);
    // b goes down: after its breaker opens, every request lands on a.
    const down = await closedPort();
    a.apply({
      version: 2,
      targets: [
        { kind: "network", id: "a", host: "127.0.0.1", port: good.port },
        { kind: "network", id: "b", host: "127.0.0.1", port: down },
      ],
      route: {
        kind: "weighted",
        targets: [
          { target: "a", weight: 50 },
          { target: "b", weight: 50 },
        ],
      },
      maxRetries: 0,
    });
    const late: number[] = [];
    for (let i = 0; i < 60; i++)
      late.push(
        await request(url(), { dispatcher: agent }).then(async (r) => {
          await text(r);
          return r.statusCode;
        }),
      );
    expect(late.slice(-30).every((s) => s === 200)).toBe(true);
  });

  it("answers at once with a breaker-open 503 while a dead target's breaker is open", async () => {
    const { url } = await adapter(single(await closedPort(), 1, { maxRetries: 0 }));
    const agent = client();
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await request(url(), { dispatcher: agent });
      const { type } = JSON.parse(await text(r)) as { type: string };
      seen.push(`${r.statusCode} ${type}`);
    }
    // Five failures in a row open it (Envoy's consecutive_5xx); then the breaker answers.
    expect(seen.slice(0, 5)).toEqual(Array(5).fill("502 urn:baton:problem:bad-gateway"));
    expect(seen.slice(5)).toEqual(Array(3).fill("503 urn:baton:problem:breaker-open"));
  });

  it("cancels the backend request when the client goes away", async () => {
    let backendClosed!: () => void;
    const closed = new Promise<void>((resolve) => (backendClosed = resolve));
    const backend = await startBackend((req) => req.socket.once("close", backendClosed));
    const { a, url } = await adapter(single(backend.port));
    const controller = new AbortController();
    const pending = request(url("/slow"), {
      dispatcher: client(),
      signal: controller.signal,
    }).catch(() => "aborted");
    while (a.activeRequests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await pending).toBe("aborted");
    await closed; // the sweeper noticed the lost client and aborted the backend request
    while (a.activeRequests !== 0) await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it("does not retry a POST with a body when the backend is down, and answers 502", async () => {
    const { url } = await adapter(single(await closedPort()));
    const r = await request(url(), { method: "POST", body: "data", dispatcher: client() });
    expect(r.statusCode).toBe(502);
    await text(r);
  });
});
