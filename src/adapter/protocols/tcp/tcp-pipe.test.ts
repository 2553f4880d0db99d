import { once } from "node:events";
import { connect, createServer, Socket, type AddressInfo, type Server } from "node:net";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it, onTestFinished } from "vitest";
import { FakeClock } from "../../../common/index.js";
import type { PipeObserver, PipeSide, PipeSummary, PipeTarget } from "./pipe-observer.js";
import {
  pipeTcp,
  rawRelay,
  type RelayHost,
  type TcpPipe,
  type TcpPipeOptions,
} from "./tcp-pipe.js";

/** A net server on 127.0.0.1:0 whose sockets are destroyed when the test ends. */
async function listen(
  onSocket: (socket: Socket) => void,
  allowHalfOpen = false,
): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    onSocket(socket);
  });
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port };
}

/** A client socket to 127.0.0.1:`port`, destroyed when the test ends. */
async function dial(port: number, allowHalfOpen = false): Promise<Socket> {
  const socket = connect({ port, host: "127.0.0.1", allowHalfOpen });
  onTestFinished(() => {
    socket.destroy();
  });
  socket.on("error", () => {});
  await once(socket, "connect");
  return socket;
}

/** Everything `socket` sends until its end. */
async function readAll(socket: Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on("data", (c: Buffer) => chunks.push(c));
  await once(socket, "end");
  return Buffer.concat(chunks).toString("latin1");
}

interface Recorder extends PipeObserver {
  readonly closed: Promise<PipeSummary>;
  readonly connectFailures: string[];
  readonly resets: [PipeSide, string][];
  bytes: { in: number; out: number };
}

function recorder(): Recorder {
  let done!: (s: PipeSummary) => void;
  const closed = new Promise<PipeSummary>((resolve) => (done = resolve));
  const rec: Recorder = {
    closed,
    connectFailures: [],
    resets: [],
    bytes: { in: 0, out: 0 },
    onBytes: (direction, n) => (rec.bytes[direction] += n),
    onConnectFailed: (_target, reason) => rec.connectFailures.push(reason),
    onReset: (side, reason) => rec.resets.push([side, reason]),
    onClosed: done,
  };
  return rec;
}

/** A proxy on 127.0.0.1:0 that pipes every client to `target`. */
async function proxy(
  target: PipeTarget,
  options: TcpPipeOptions,
): Promise<{ port: number; pipes: TcpPipe[] }> {
  const pipes: TcpPipe[] = [];
  const { port } = await listen((client) => pipes.push(pipeTcp(client, target, options)), true);
  return { port, pipes };
}

const at = (port: number): PipeTarget => ({ host: "127.0.0.1", port });

describe("pipeTcp", () => {
  it("carries bytes both ways and reports the totals when both sides end", async () => {
    const echo = await listen((s) => s.pipe(s));
    const rec = recorder();
    const clock = new FakeClock();
    const { port } = await proxy(at(echo.port), { observer: rec, clock });
    const client = await dial(port);
    client.end("hello, world");
    expect(await readAll(client)).toBe("hello, world");
    const summary = await rec.closed;
    expect(summary).toEqual({ reason: "eof", bytesIn: 12, bytesOut: 12, durationMs: 0 });
    expect(rec.bytes).toEqual({ in: 12, out: 12 });
    expect(rec.resets).toEqual([]);
  });

  it("moves a large payload intact in both directions", async () => {
    const echo = await listen((s) => s.pipe(s));
    const rec = recorder();
    const { port } = await proxy(at(echo.port), { observer: rec });
    const client = await dial(port);
    const payload = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < payload.length; i += 4) payload.writeUInt32LE(i, i);
    const received: Buffer[] = [];
    client.on("data", (c: Buffer) => received.push(c));
    client.end(payload);
    await once(client, "end");
    expect(Buffer.concat(received).equals(payload)).toBe(true);
    expect((await rec.closed).bytesOut).toBe(payload.length);
  });

  it("forwards the client's half-close and still delivers the target's reply", async () => {
    const target = await listen((s) => {
      const chunks: Buffer[] = [];
      s.on("data", (c: Buffer) => chunks.push(c));
      s.on("end", () => s.end(`got ${Buffer.concat(chunks).toString()}`));
    }, true);
    const rec = recorder();
    const { port } = await proxy(at(target.port), { observer: rec });
    const client = await dial(port, true);
    client.end("request");
    expect(await readAll(client)).toBe("got request");
    expect((await rec.closed).reason).toBe("eof");
  });

  it("forwards the target's half-close and keeps the client's direction flowing", async () => {
    let late!: Promise<string>;
    const target = await listen((s) => {
      late = readAll(s);
      s.end("greeting");
    }, true);
    const rec = recorder();
    const { port } = await proxy(at(target.port), { observer: rec });
    const client = await dial(port, true);
    expect(await readAll(client)).toBe("greeting");
    client.end("after your FIN");
    expect(await late).toBe("after your FIN");
    expect((await rec.closed).reason).toBe("eof");
  });

  it("reports a refused connect and closes the client", async () => {
    const gone = await listen(() => {});
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    const rec = recorder();
    const { port } = await proxy(at(gone.port), { observer: rec });
    const client = await dial(port);
    await once(client, "close");
    expect(rec.connectFailures).toEqual(["connect ECONNREFUSED"]);
    expect((await rec.closed).reason).toBe("connect-failed");
  });

  it("gives up on a target that never answers after the connect timeout", async () => {
    const rec = recorder();
    const { port } = await proxy(at(1), {
      observer: rec,
      connectTimeoutMs: 20,
      connect: () => new Socket(), // never connects
    });
    const client = await dial(port);
    await once(client, "close");
    expect(rec.connectFailures).toEqual(["connect timeout after 20 ms"]);
    expect((await rec.closed).reason).toBe("connect-failed");
  });

  it("passes a target reset on to the client", async () => {
    const target = await listen((s) => s.once("data", () => s.resetAndDestroy()));
    const rec = recorder();
    const { port } = await proxy(at(target.port), { observer: rec });
    const client = await dial(port);
    const errored = once(client, "error").then(([e]) => (e as NodeJS.ErrnoException).code);
    client.write("x");
    expect(await errored).toBe("ECONNRESET");
    expect((await rec.closed).reason).toBe("reset");
    expect(rec.resets).toEqual([["target", "ECONNRESET"]]);
  });

  it("passes a client reset on to the target", async () => {
    let gotTarget!: (s: Socket) => void;
    const targetSocket = new Promise<Socket>((resolve) => (gotTarget = resolve));
    const target = await listen(gotTarget);
    const rec = recorder();
    const { port } = await proxy(at(target.port), { observer: rec });
    const client = await dial(port);
    const upstream = await targetSocket;
    const closed = new Promise((resolve) => upstream.on("close", resolve));
    client.resetAndDestroy();
    await closed;
    expect((await rec.closed).reason).toBe("reset");
    expect(rec.resets).toEqual([["client", "ECONNRESET"]]);
  });

  it("closes both sides after the idle timeout", async () => {
    const target = await listen(() => {});
    const rec = recorder();
    const { port } = await proxy(at(target.port), { observer: rec, idleTimeoutMs: 30 });
    const client = await dial(port);
    await once(client, "close");
    expect((await rec.closed).reason).toBe("idle-timeout");
  });

  it("destroy() cuts both sides", async () => {
    const target = await listen(() => {});
    const rec = recorder();
    const { port, pipes } = await proxy(at(target.port), { observer: rec });
    const client = await dial(port);
    client.write("x");
    await new Promise<void>((resolve) => (rec.onBytes = () => resolve()));
    pipes[0]?.destroy();
    await once(client, "close");
    expect((await rec.closed).reason).toBe("destroyed");
  });
});

describe("rawRelay", () => {
  const host = (): RelayHost & { counted: number } => ({
    counted: 0,
    closing: false,
    countBytes(_d, n) {
      this.counted += n;
    },
    closeBoth() {},
  });

  it("pauses the source while the destination is full and resumes on drain", () => {
    const src = new PassThrough();
    const pending: (() => void)[] = [];
    const dst = new Writable({
      highWaterMark: 4,
      write(_chunk, _enc, done) {
        pending.push(done);
      },
    });
    const h = host();
    rawRelay(src as unknown as Socket, dst as unknown as Socket, "in", h);
    src.write(Buffer.from("12345678"));
    expect(h.counted).toBe(8);
    expect(src.isPaused()).toBe(true);
    pending.shift()?.();
    expect(src.isPaused()).toBe(false);
  });

  it("ends the destination when the source ends", async () => {
    const src = new PassThrough();
    const dst = new PassThrough();
    rawRelay(src as unknown as Socket, dst as unknown as Socket, "out", host());
    src.end("bye");
    dst.resume();
    await once(dst, "end");
  });
});
