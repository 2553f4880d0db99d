import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import type { PipeDirection, PipeSummary, PipeTarget } from "../tcp/index.js";
import type { FrameError } from "./frame-error.js";
import { encodeFrame, encodeFrameHeader, encodeFrames } from "./frame-encoder.js";
import { createProtobufAdapter, type ProtobufAdapterObserver } from "./protobuf-listener.js";

/** A target on 127.0.0.1:0 running `onSocket`; it records what it received. */
async function target(onSocket: (s: Socket) => void): Promise<PipeTarget & { received: Buffer[] }> {
  const sockets = new Set<Socket>();
  const received: Buffer[] = [];
  const server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    s.on("data", (c: Buffer) => received.push(c));
    onSocket(s);
  });
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { host: "127.0.0.1", port: (server.address() as AddressInfo).port, received };
}

interface Recorder extends ProtobufAdapterObserver {
  readonly frames: Record<PipeDirection, number>;
  readonly errors: [PipeDirection, FrameError][];
  readonly closed: Promise<PipeSummary>;
}

function recorder(): Recorder {
  let done!: (s: PipeSummary) => void;
  const rec: Recorder = {
    frames: { in: 0, out: 0 },
    errors: [],
    closed: new Promise((resolve) => (done = resolve)),
    onFrame: (d) => rec.frames[d]++,
    onFramingError: (d, e) => rec.errors.push([d, e]),
    onClosed: (s) => done(s),
  };
  return rec;
}

/** A protobuf adapter on 127.0.0.1:0 in front of `to`, and a connected client. */
async function through(to: PipeTarget, rec: Recorder, maxFrameBytes = 64): Promise<Socket> {
  const adapter = createProtobufAdapter({
    host: "127.0.0.1",
    port: 0,
    resolveTarget: () => to,
    observer: rec,
    maxFrameBytes,
    closeTimeoutMs: 1_000,
  });
  onTestFinished(() => adapter.close());
  const { port } = await adapter.listen();
  const client = connect(port, "127.0.0.1");
  onTestFinished(() => {
    client.destroy();
  });
  client.on("error", () => {});
  await once(client, "connect");
  return client;
}

function collect(socket: Socket): Buffer[] {
  const chunks: Buffer[] = [];
  socket.on("data", (c: Buffer) => chunks.push(c));
  return chunks;
}

describe("protobuf pipe", () => {
  it("forwards whole frames both ways and counts them", async () => {
    const echo = await target((s) => s.pipe(s));
    const rec = recorder();
    const client = await through(echo, rec);
    const received = collect(client);
    const wire = encodeFrames([Buffer.from("one"), Buffer.alloc(0), Buffer.from("three")]);
    // Split mid-header and mid-payload: the relay must reassemble before forwarding.
    client.write(wire.subarray(0, 2));
    client.write(wire.subarray(2, 9));
    client.end(wire.subarray(9));
    await once(client, "end");
    expect(Buffer.concat(received).equals(wire)).toBe(true);
    expect((await rec.closed).reason).toBe("eof");
    expect(rec.frames).toEqual({ in: 3, out: 3 });
    expect(rec.errors).toEqual([]);
  });

  it("closes both sides on an oversize frame, after forwarding the good ones", async () => {
    const sink = await target(() => {});
    const rec = recorder();
    const client = await through(sink, rec, 8);
    const closed = once(client, "close");
    client.write(Buffer.concat([encodeFrame(Buffer.from("fine")), encodeFrameHeader(9)]));
    await closed;
    const summary = await rec.closed;
    expect(summary.reason).toBe("framing-error");
    expect(rec.errors).toEqual([["in", { kind: "oversize", length: 9, maxBytes: 8 }]]);
    expect(Buffer.concat(sink.received).equals(encodeFrame(Buffer.from("fine")))).toBe(true);
  });

  it("closes both sides on an oversize frame from the target", async () => {
    const liar = await target((s) => s.write(encodeFrameHeader(1_000)));
    const rec = recorder();
    const client = await through(liar, rec, 8);
    await once(client, "close");
    expect((await rec.closed).reason).toBe("framing-error");
    expect(rec.errors.map(([d, e]) => [d, e.kind])).toEqual([["out", "oversize"]]);
  });

  it("reports a frame truncated by the client's close and never forwards the partial bytes", async () => {
    const sink = await target(() => {});
    const rec = recorder();
    const client = await through(sink, rec);
    client.end(encodeFrame(Buffer.from("partial")).subarray(0, 6));
    await once(client, "close");
    expect((await rec.closed).reason).toBe("framing-error");
    expect(rec.errors).toEqual([
      ["in", { kind: "truncated", expectedBytes: 11, receivedBytes: 6 }],
    ]);
    expect(sink.received).toEqual([]);
  });
});
