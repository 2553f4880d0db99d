import { once, type EventEmitter } from "node:events";
import {
  connect,
  constants,
  createServer,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from "node:http2";
import type { AddressInfo } from "node:net";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { describe, expect, it, onTestFinished } from "vitest";
import { seededRandom } from "../../../common/index.js";
import { closedPort } from "../../../../test/support/net-fixtures.js";
import type { RoutingSnapshot } from "../../snapshot.js";
import { GrpcAdapter } from "./grpc-adapter.js";
import type { GrpcRequestRecord } from "./grpc-record.js";

// --- the Echo fixture: a real grpc-js backend and client --------------------------------

interface EchoRequest {
  text?: string;
  count?: number;
  delayMs?: number;
  failCode?: number;
}
interface EchoReply {
  text: string;
  servedBy: string;
  metadata: string;
}
type Done<T> = (error: grpc.ServiceError | null, value?: T) => void;
interface EchoClient extends grpc.Client {
  unary(
    r: EchoRequest,
    md: grpc.Metadata,
    o: grpc.CallOptions,
    cb: Done<EchoReply>,
  ): grpc.ClientUnaryCall;
  serverStream(r: EchoRequest, md?: grpc.Metadata): grpc.ClientReadableStream<EchoReply>;
  clientStream(md: grpc.Metadata, cb: Done<EchoReply>): grpc.ClientWritableStream<EchoRequest>;
  bidi(md?: grpc.Metadata): grpc.ClientDuplexStream<EchoRequest, EchoReply>;
}

const definition = protoLoader.loadSync(`${import.meta.dirname}/testdata/echo.proto`, {
  defaults: true,
});
const echoPackage = (
  grpc.loadPackageDefinition(definition) as unknown as {
    echo: { Echo: grpc.ServiceClientConstructor };
  }
).echo;
const Echo = echoPackage.Echo;

/** The part of every server call the fixture uses. */
type SurfaceCall = EventEmitter;

/** What an Echo backend saw. */
interface Seen {
  calls: number;
  cancelled: number;
}

/** A grpc-js Echo server named `name` on 127.0.0.1:0, shut down after the test. */
async function startEcho(name: string): Promise<{ port: number; seen: Seen; stop(): void }> {
  const seen: Seen = { calls: 0, cancelled: 0 };
  const server = new grpc.Server();
  const reply = (text: string, md: grpc.Metadata): EchoReply => ({
    text,
    servedBy: name,
    metadata: JSON.stringify(md.getMap()),
  });
  const trailer = (): grpc.Metadata => {
    const md = new grpc.Metadata();
    md.set("x-trail", `${name}-done`);
    md.set("x-trail-bin", Buffer.from([0, 1, 2, 255]));
    return md;
  };
  const watch = (call: SurfaceCall): void => {
    seen.calls += 1;
    call.on("cancelled", () => (seen.cancelled += 1));
  };
  const later = (call: SurfaceCall, ms: number, fn: () => void): void => {
    if (ms <= 0) return fn();
    const timer = setTimeout(fn, ms);
    call.on("cancelled", () => clearTimeout(timer));
  };
  server.addService(Echo.service, {
    Unary(call: grpc.ServerUnaryCall<EchoRequest, EchoReply>, cb: grpc.sendUnaryData<EchoReply>) {
      watch(call);
      const req = call.request;
      const initial = new grpc.Metadata();
      initial.set("x-echo", String(call.metadata.get("x-echo")[0] ?? ""));
      call.sendMetadata(initial);
      later(call, req.delayMs ?? 0, () => {
        if ((req.failCode ?? 0) !== 0)
          cb({ code: req.failCode, details: `failed: ${req.text}`, metadata: trailer() });
        else cb(null, reply(req.text ?? "", call.metadata), trailer());
      });
    },
    ServerStream(call: grpc.ServerWritableStream<EchoRequest, EchoReply>) {
      watch(call);
      const req = call.request;
      for (let i = 0; i < (req.count ?? 0); i++)
        call.write(reply(`${req.text}-${i}`, call.metadata));
      later(call, req.delayMs ?? 0, () => call.end(trailer()));
    },
    ClientStream(
      call: grpc.ServerReadableStream<EchoRequest, EchoReply>,
      cb: grpc.sendUnaryData<EchoReply>,
    ) {
      watch(call);
      const texts: string[] = [];
      call.on("data", (r: EchoRequest) => texts.push(r.text ?? ""));
      call.on("end", () => cb(null, reply(texts.join("+"), call.metadata), trailer()));
    },
    Bidi(call: grpc.ServerDuplexStream<EchoRequest, EchoReply>) {
      watch(call);
      call.on("data", (r: EchoRequest) => call.write(reply(`echo:${r.text}`, call.metadata)));
      call.on("end", () => call.end(trailer()));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
      e === null ? resolve(p) : reject(e),
    ),
  );
  onTestFinished(() => server.forceShutdown());
  return { port, seen, stop: () => server.forceShutdown() };
}

/** A grpc-js client of the adapter at `port`, closed after the test. */
function echoClient(port: number): EchoClient {
  const client = new Echo(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  ) as unknown as EchoClient;
  onTestFinished(() => client.close());
  return client;
}

interface UnaryOutcome {
  error: grpc.ServiceError | null;
  reply: EchoReply | undefined;
  headers: grpc.Metadata | null;
  status: grpc.StatusObject;
}

function unary(
  client: EchoClient,
  req: EchoRequest,
  md = new grpc.Metadata(),
  options: grpc.CallOptions = {},
): Promise<UnaryOutcome> {
  return new Promise((resolve) => {
    let headers: grpc.Metadata | null = null;
    let result: Pick<UnaryOutcome, "error" | "reply"> | null = null;
    let status: grpc.StatusObject | null = null;
    const settle = (): void => {
      if (result !== null && status !== null) resolve({ ...result, headers, status });
    };
    const call = client.unary(req, md, options, (error, reply) => {
      result = { error, reply };
      settle();
    });
    call.on("metadata", (m: grpc.Metadata) => (headers = m));
    call.on("status", (s: grpc.StatusObject) => {
      status = s;
      settle();
    });
  });
}

/** Every message of a streaming call, and its status (an error status ends it without 'end'). */
function collect<T>(
  stream: NodeJS.ReadableStream,
): Promise<{ items: T[]; status: grpc.StatusObject }> {
  return new Promise((resolve) => {
    const items: T[] = [];
    let status: grpc.StatusObject | null = null;
    let ended = false;
    const settle = (): void => {
      if (status !== null && (ended || status.code !== grpc.status.OK)) resolve({ items, status });
    };
    stream.on("data", (item: T) => items.push(item));
    stream.on("status", (s: grpc.StatusObject) => {
      status = s;
      settle();
    });
    stream.on("end", () => {
      ended = true;
      settle();
    });
    stream.on("error", () => undefined); // the status carries it
  });
}

// --- the adapter ---------------------------------------------------------------------------

async function adapter(snapshot?: RoutingSnapshot) {
  const records: GrpcRequestRecord[] = [];
  const a = new GrpcAdapter({
    node: "api",
    port: 0,
    random: seededRandom(3),
    observer: { onRequest: (r) => records.push(r) },
  });
  const port = await a.listen();
  onTestFinished(() => a.close(1_000));
  if (snapshot !== undefined) expect(a.apply(snapshot)).toMatchObject({ ok: true });
  return { a, port, records, client: echoClient(port) };
}

function single(port: number, version = 1, extra: Partial<RoutingSnapshot> = {}): RoutingSnapshot {
  return {
    version,
    targets: [{ kind: "network", id: "live", host: "127.0.0.1", port }],
    route: { kind: "single", target: "live" },
    ...extra,
  };
}

/** A raw HTTP/2 server on 127.0.0.1:0 with `onStream`, closed after the test. */
async function rawBackend(onStream: (stream: ServerHttp2Stream) => void) {
  const server = createServer();
  let sessions = 0;
  let closed = 0;
  server.on("session", (s) => {
    sessions += 1;
    s.once("close", () => (closed += 1));
  });
  server.on("stream", (stream: ServerHttp2Stream) => {
    stream.on("error", () => undefined);
    onStream(stream);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    port: (server.address() as AddressInfo).port,
    get open() {
      return sessions - closed;
    },
  };
}

/** One raw HTTP/2 call to the adapter: its headers, trailers and body bytes. */
async function rawCall(port: number, headers: Record<string, string>, body: Buffer) {
  const session = connect(`http://127.0.0.1:${port}`);
  onTestFinished(() => void session.destroy());
  const stream = session.request({
    ":method": "POST",
    ":path": "/echo.Echo/Unary",
    "content-type": "application/grpc",
    te: "trailers",
    ...headers,
  });
  stream.end(body);
  let response: IncomingHttpHeaders = {};
  let trailers: IncomingHttpHeaders = {};
  stream.on("response", (h) => (response = h));
  stream.on("trailers", (t: IncomingHttpHeaders) => (trailers = t));
  stream.resume();
  await once(stream, "close");
  session.close();
  return { response, trailers };
}

/** A length-prefixed EchoRequest { delay_ms: 2000 } (protobuf field 3, varint 2000). */
const DELAYED_REQUEST = Buffer.from([0, 0, 0, 0, 3, 0x18, 0xd0, 0x0f]);

describe("GrpcAdapter", () => {
  it("answers UNAVAILABLE naming the node while it has no backend or no route matches", async () => {
    const { client, records } = await adapter();
    const r = await unary(client, { text: "hi" });
    expect(r.error?.code).toBe(grpc.status.UNAVAILABLE);
    expect(r.error?.details).toMatch(/node 'api' has no backend/);
    expect(records[0]).toMatchObject({ status: 200, grpcStatus: 14, errorKind: "no_backend" });
  });

  it("forwards a unary call with metadata both ways, trailing metadata and trace context", async () => {
    const backend = await startEcho("one");
    const { client, records, a } = await adapter(single(backend.port));
    const md = new grpc.Metadata();
    md.set("x-echo", "ping");
    md.set("x-blob-bin", Buffer.from([9, 8, 7]));
    md.set("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    const r = await unary(client, { text: "hello" }, md);
    expect(r.error).toBeNull();
    expect(r.reply).toMatchObject({ text: "hello", servedBy: "one" });
    expect(r.headers?.get("x-echo")).toEqual(["ping"]);
    expect(r.headers?.get("x-baton-served-by")).toEqual(["api/live"]);
    expect(r.status.metadata.get("x-trail")).toEqual(["one-done"]);
    expect(r.status.metadata.get("x-trail-bin")).toEqual([Buffer.from([0, 1, 2, 255])]);
    const seen = JSON.parse(r.reply!.metadata) as Record<string, unknown>;
    expect(seen["x-echo"]).toBe("ping");
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
    expect(seen["traceparent"]).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(seen["traceparent"]).not.toContain("b7ad6b7169203331");
    expect(records[0]).toMatchObject({
      path: "/echo.Echo/Unary",
      status: 200,
      grpcStatus: 0,
      target: "live",
      errorKind: null,
      traceId: "0af7651916cd43dd8448eb211c80319c",
    });
    expect(a.drainSignals()).toMatchObject([{ status: 200, target: "live" }]);
    expect(a.stats()).toMatchObject({ requests: 1, responses: { "2xx": 1 } });
  });

  it("relays server-streaming, client-streaming and bidi calls with back-pressure", async () => {
    const backend = await startEcho("one");
    const { client } = await adapter(single(backend.port));
    const big = "x".repeat(16 * 1024);
    const server = await collect<EchoReply>(client.serverStream({ text: big, count: 200 }));
    expect(server.items).toHaveLength(200);
    expect(server.items[199]!.text).toBe(`${big}-199`);
    expect(server.status.metadata.get("x-trail")).toEqual(["one-done"]);

    const sum = await new Promise<EchoReply | undefined>((resolve, reject) => {
      const call = client.clientStream(new grpc.Metadata(), (e, v) => (e ? reject(e) : resolve(v)));
      for (const text of ["a", "b", "c"]) call.write({ text });
      call.end();
    });
    expect(sum?.text).toBe("a+b+c");

    const bidi = client.bidi();
    const replies = collect<EchoReply>(bidi);
    for (let i = 0; i < 50; i++) bidi.write({ text: `m${i}` });
    bidi.end();
    const { items, status } = await replies;
    expect(items.map((r) => r.text)).toEqual(Array.from({ length: 50 }, (_, i) => `echo:m${i}`));
    expect(status.code).toBe(grpc.status.OK);
  });

  it("passes a backend's error status intact (code, details, trailing metadata)", async () => {
    const backend = await startEcho("one");
    const { client, records, a } = await adapter(single(backend.port));
    const r = await unary(client, { text: "nope", failCode: grpc.status.NOT_FOUND });
    expect(r.error?.code).toBe(grpc.status.NOT_FOUND);
    expect(r.error?.details).toBe("failed: nope");
    expect(r.status.metadata.get("x-trail")).toEqual(["one-done"]);
    expect(records[0]).toMatchObject({ status: 200, grpcStatus: 5, errorKind: "fault" });
    expect(a.stats().errors.fault).toBe(1);
  });

  it("answers UNAVAILABLE when the backend is down", async () => {
    const { client, records } = await adapter(single(await closedPort()));
    const r = await unary(client, { text: "hi" });
    expect(r.error?.code).toBe(grpc.status.UNAVAILABLE);
    expect(r.error?.details).toMatch(/target 'live' of node 'api' is unreachable: ECONNREFUSED/);
    expect(records[0]).toMatchObject({ grpcStatus: 14, errorKind: "connect", target: "live" });
    // Five failures in a row open the target's breaker: later calls never dial it.
    for (let i = 0; i < 4; i++) await unary(client, { text: "hi" });
    const open = await unary(client, { text: "hi" });
    expect(open.error?.code).toBe(grpc.status.UNAVAILABLE);
    expect(open.error?.details).toMatch(
      /target 'live' of node 'api' is failing; its circuit breaker/,
    );
    expect(records[5]).toMatchObject({ errorKind: "breaker_open", target: null });
  });

  it("ends a call at its deadline with DEADLINE_EXCEEDED and cancels the backend stream", async () => {
    const backend = await startEcho("one");
    const { client, port, records } = await adapter(
      single(backend.port, 1, { limits: { requestTimeoutMs: 100 } }),
    );
    const r = await unary(client, { text: "slow", delayMs: 5_000 });
    expect(r.error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(r.error?.details).toMatch(/100 ms deadline at node 'api'/);
    // The client's grpc-timeout applies, capped by the node's limit (Envoy's max_grpc_timeout).
    const raw = await rawCall(port, { "grpc-timeout": "150m" }, DELAYED_REQUEST);
    expect(raw.response[":status"]).toBe(200);
    expect(raw.response["grpc-status"] ?? raw.trailers["grpc-status"]).toBe("4");
    expect(String(raw.response["grpc-message"] ?? raw.trailers["grpc-message"])).toMatch(/100 ms/);
    // A shorter client deadline applies as is (the backend, which gets it too, may answer first).
    const shorter = await rawCall(port, { "grpc-timeout": "50m" }, DELAYED_REQUEST);
    expect(shorter.response["grpc-status"] ?? shorter.trailers["grpc-status"]).toBe("4");
    await expect.poll(() => backend.seen.cancelled, { timeout: 5_000 }).toBe(3);
    expect(records.map((x) => x.errorKind)).toEqual(["timeout", "timeout", "timeout"]);
  });

  it("cancels the backend stream when the client cancels", async () => {
    const backend = await startEcho("one");
    const { client, a } = await adapter(single(backend.port));
    const call = client.serverStream({ text: "t", count: 1, delayMs: 5_000 });
    call.on("error", () => undefined);
    await once(call, "data");
    expect(a.activeRequests).toBe(1);
    call.cancel();
    await expect.poll(() => backend.seen.cancelled, { timeout: 5_000 }).toBe(1);
    await expect.poll(() => a.activeRequests, { timeout: 5_000 }).toBe(0);
  });

  it("resets the client stream when the backend resets mid-stream", async () => {
    const backend = await rawBackend((stream) => {
      stream.respond({ ":status": 200, "content-type": "application/grpc" });
      stream.write(Buffer.from([0, 0, 0, 0, 0])); // one empty EchoReply
      setTimeout(() => stream.close(constants.NGHTTP2_ENHANCE_YOUR_CALM), 20);
    });
    const { client, records } = await adapter(single(backend.port));
    const bidi = client.bidi();
    bidi.write({ text: "t" });
    const { items, status } = await collect<EchoReply>(bidi);
    expect(items).toHaveLength(1);
    // grpc-js reads RST_STREAM ENHANCE_YOUR_CALM as RESOURCE_EXHAUSTED: the code came through.
    expect(status.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(records[0]).toMatchObject({ errorKind: "reset", target: "live", grpcStatus: null });
    // A half-closed call cut short (no trailers) fails too, never as OK.
    const cut = await collect<EchoReply>(client.serverStream({ text: "t" }));
    expect(cut.status.code).not.toBe(grpc.status.OK);
    expect(records[1]).toMatchObject({ errorKind: "reset" });
  });

  it("routes on metadata by header rules and by weights", async () => {
    const stable = await startEcho("stable");
    const canary = await startEcho("canary");
    const { client, a } = await adapter({
      version: 1,
      targets: [
        { kind: "network", id: "stable", host: "127.0.0.1", port: stable.port },
        { kind: "network", id: "canary", host: "127.0.0.1", port: canary.port },
      ],
      route: {
        kind: "header",
        rules: [{ header: "x-canary", match: "exact", value: "1", target: "canary" }],
        default: "stable",
      },
    });
    const flagged = new grpc.Metadata();
    flagged.set("x-canary", "1");
    expect((await unary(client, { text: "a" }, flagged)).reply?.servedBy).toBe("canary");
    expect((await unary(client, { text: "b" })).reply?.servedBy).toBe("stable");
    a.apply({
      version: 2,
      targets: a.snapshot!.targets,
      route: {
        kind: "weighted",
        targets: [
          { target: "stable", weight: 3 },
          { target: "canary", weight: 1 },
        ],
      },
    });
    const served = await Promise.all(
      Array.from({ length: 200 }, () =>
        unary(client, { text: "w" }).then((r) => r.reply?.servedBy),
      ),
    );
    const share = served.filter((s) => s === "stable").length / 200;
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.85);
  });

  it("refuses handler targets, stale and locked snapshots, and keeps the last good one", async () => {
    const backend = await startEcho("one");
    const { a, client } = await adapter(single(backend.port, 5, { locked: true }));
    expect(a.apply(single(backend.port, 6))).toMatchObject({ ok: false, status: 423 });
    expect(a.apply(single(backend.port, 6), { unlock: true })).toMatchObject({ ok: true });
    expect(a.apply(single(backend.port, 6))).toMatchObject({ ok: false, status: 409 });
    const handler = a.apply({
      version: 7,
      targets: [{ kind: "handler", id: "mock", handler: () => undefined }],
      route: { kind: "single", target: "mock" },
    });
    expect(handler).toMatchObject({ ok: false, status: 400 });
    expect(!handler.ok && handler.errors.join("\n")).toMatch(
      /targets\[0\]: 'mock' is an in-process handler; a gRPC node takes network targets/,
    );
    expect((await unary(client, { text: "still" })).reply?.text).toBe("still");
  });

  it("swaps under concurrent calls with zero failures; the old target drains", async () => {
    const old = await startEcho("old");
    const next = await startEcho("next");
    const { a, client } = await adapter(single(old.port));
    const before = Array.from({ length: 30 }, () => unary(client, { text: "x", delayMs: 150 }));
    await expect.poll(() => a.activeRequests, { timeout: 5_000 }).toBe(30);
    const applied = a.apply({
      version: 2,
      targets: [{ kind: "network", id: "next", host: "127.0.0.1", port: next.port }],
      route: { kind: "single", target: "next" },
    });
    if (!applied.ok) throw new Error(applied.errors.join("; "));
    const after = Array.from({ length: 30 }, () => unary(client, { text: "y" }));
    const results = await Promise.all([...before, ...after]);
    expect(results.filter((r) => r.error !== null)).toEqual([]);
    expect(results.slice(0, 30).every((r) => r.reply?.servedBy === "old")).toBe(true);
    expect(results.slice(30).every((r) => r.reply?.servedBy === "next")).toBe(true);
    const [report] = await applied.drained;
    expect(report).toMatchObject({ target: "live", inFlight: 30, cut: 0 });
  });

  it("cuts calls still running on a replaced target at the drain deadline", async () => {
    const hanging = await rawBackend((stream) => {
      stream.respond({ ":status": 200, "content-type": "application/grpc" });
      stream.write(Buffer.from([0, 0, 0, 0, 0])); // one empty message, then silence
    });
    const next = await startEcho("next");
    const { a, client } = await adapter(single(hanging.port));
    const call = client.serverStream({ text: "t" });
    const outcome = collect<EchoReply>(call);
    await expect.poll(() => a.activeRequests, { timeout: 5_000 }).toBe(1);
    const applied = a.apply({
      version: 2,
      targets: [{ kind: "network", id: "next", host: "127.0.0.1", port: next.port }],
      route: { kind: "single", target: "next" },
      drainTimeoutMs: 50,
    });
    if (!applied.ok) throw new Error(applied.errors.join("; "));
    expect((await unary(client, { text: "new" })).reply?.servedBy).toBe("next");
    const [report] = await applied.drained;
    expect(report).toMatchObject({ target: "live", inFlight: 1, cut: 1 });
    expect((await outcome).status.code).not.toBe(grpc.status.OK);
    await expect.poll(() => hanging.open, { timeout: 5_000 }).toBe(0);
  });

  it("close() ends in-flight calls at its deadline and leaves no session open", async () => {
    const backend = await rawBackend((stream) => {
      stream.respond({ ":status": 200, "content-type": "application/grpc" });
      stream.write(Buffer.from([0, 0, 0, 0, 0])); // one empty message, then silence
    });
    const { a, client, port } = await adapter(single(backend.port));
    const call = client.serverStream({ text: "t" });
    const outcome = collect<EchoReply>(call);
    await expect.poll(() => backend.open, { timeout: 5_000 }).toBe(1);
    await a.close(100);
    expect((await outcome).status.code).not.toBe(grpc.status.OK);
    expect(a.activeRequests).toBe(0);
    await expect.poll(() => backend.open, { timeout: 5_000 }).toBe(0);
    const refused = connect(`http://127.0.0.1:${port}`);
    const [error] = (await once(refused, "error")) as [Error & { code: string }];
    expect(error.code).toBe("ECONNREFUSED");
  });
});
