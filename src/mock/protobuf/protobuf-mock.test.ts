import { once } from "node:events";
import { connect, type Socket } from "node:net";
import protobuf from "protobufjs";
import { describe, expect, it, onTestFinished } from "vitest";
import { encodeFrame, FrameDecoder } from "../../adapter/index.js";
import { isBatonError } from "../../common/index.js";
import { ProtobufMock, type ProtobufMockOptions } from "./protobuf-mock.js";

const QUOTE_PROTO = `${import.meta.dirname}/testdata/quote.proto`;
const RESPONSE = Buffer.from([0x0a, 0x04, 0x41, 0x43, 0x4d, 0x45]); // Quote { symbol: "ACME" }

/** A listening mock, closed after the test. */
async function startMock(
  options: Partial<ProtobufMockOptions> = {},
): Promise<{ mock: ProtobufMock; port: number }> {
  const mock = new ProtobufMock({ node: "quotes", response: RESPONSE, ...options });
  onTestFinished(() => mock.close());
  return { mock, port: await mock.listen() };
}

/** A TCP client that decodes answer frames; destroyed after the test. */
async function client(port: number) {
  const socket: Socket = connect({ port, host: "127.0.0.1" });
  onTestFinished(() => void socket.destroy());
  socket.setNoDelay(true);
  await once(socket, "connect");
  const answers: Buffer[] = [];
  const decoder = new FrameDecoder((payload) => answers.push(Buffer.from(payload)));
  socket.on("data", (chunk: Buffer) => decoder.push(chunk));
  // Plain listeners, not once(): a reset must not reject a promise nobody awaits.
  socket.on("error", () => undefined);
  const ended = new Promise<boolean>((resolve) => socket.once("end", () => resolve(true)));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  /** Resolves once `count` answers have arrived (or rejects if the socket closes first). */
  const answered = async (count: number): Promise<Buffer[]> => {
    while (answers.length < count) {
      const more = new Promise((resolve) => socket.once("data", () => resolve("data")));
      if ((await Promise.race([more, closed.then(() => "closed")])) === "closed") break;
    }
    return answers;
  };
  const write = (bytes: Buffer): Promise<void> =>
    new Promise((resolve, reject) => socket.write(bytes, (e) => (e ? reject(e) : resolve())));
  return { socket, answers, answered, write, ended, closed };
}

describe("ProtobufMock", () => {
  it("answers a frame split across many writes", async () => {
    const { mock, port } = await startMock();
    const c = await client(port);
    const frame = encodeFrame(Buffer.from("request"));
    for (let i = 0; i < frame.length; i++) await c.write(frame.subarray(i, i + 1));
    expect(await c.answered(1)).toEqual([RESPONSE]);
    expect(mock.stats).toEqual({ frames: 1, framingErrors: 0 });
  });

  it("answers each of several frames sent in one write, empty ones included", async () => {
    const { mock, port } = await startMock();
    const c = await client(port);
    const frames = [Buffer.from("a"), Buffer.alloc(0), Buffer.alloc(1000, 7)].map(encodeFrame);
    await c.write(Buffer.concat(frames));
    expect(await c.answered(3)).toEqual([RESPONSE, RESPONSE, RESPONSE]);
    expect(mock.stats.frames).toBe(3);
  });

  it("counts an oversized frame and closes the connection after earlier answers", async () => {
    const { mock, port } = await startMock({ maxFrameBytes: 16 });
    const c = await client(port);
    await c.write(Buffer.concat([encodeFrame(Buffer.alloc(16)), encodeFrame(Buffer.alloc(17))]));
    await c.closed;
    expect(c.answers).toEqual([RESPONSE]);
    expect(mock.stats).toEqual({ frames: 1, framingErrors: 1 });
    // The mock still serves other connections.
    const next = await client(port);
    await next.write(encodeFrame(Buffer.from("x")));
    expect(await next.answered(1)).toEqual([RESPONSE]);
  });

  it("answers every frame of a half-closed stream, then closes its side", async () => {
    const { mock, port } = await startMock();
    const c = await client(port);
    await c.write(Buffer.concat([encodeFrame(Buffer.from("1")), encodeFrame(Buffer.from("2"))]));
    c.socket.end();
    expect(await c.ended).toBe(true);
    expect(c.answers).toEqual([RESPONSE, RESPONSE]);
    expect(mock.stats).toEqual({ frames: 2, framingErrors: 0 });
  });

  it("counts a stream that ends mid-frame as a framing error", async () => {
    const { mock, port } = await startMock();
    const c = await client(port);
    await c.write(encodeFrame(Buffer.from("whole")));
    await c.write(encodeFrame(Buffer.from("half")).subarray(0, 6));
    c.socket.end();
    await c.closed;
    expect(c.answers).toEqual([RESPONSE]);
    expect(mock.stats).toEqual({ frames: 1, framingErrors: 1 });
  });

  it("closes open connections on close(), and refuses a second listen", async () => {
    const { mock, port } = await startMock();
    const c = await client(port);
    await expect(mock.listen()).rejects.toThrow(TypeError);
    await mock.close();
    await c.closed;
    await mock.close();
  });

  it("rejects listen on a port in use and can listen again after", async () => {
    const { port } = await startMock();
    const second = new ProtobufMock({ node: "quotes", response: RESPONSE });
    onTestFinished(() => second.close());
    await expect(second.listen("127.0.0.1", port)).rejects.toThrow("EADDRINUSE");
    expect(await second.listen()).toBeGreaterThan(0);
  });
});

describe("ProtobufMock.fromProto", () => {
  const Quote = protobuf.loadSync(QUOTE_PROTO).lookupType("quotes.v1.Quote");
  const decode = (bytes: Buffer) => Quote.toObject(Quote.decode(bytes), { enums: String });

  it("answers with the JSON encoded as the message type; the client decodes the same", async () => {
    const json = { symbol: "ACME", change: -3, level: "LEVEL_ONE", exchange: "XNAS" };
    const mock = ProtobufMock.fromProto(QUOTE_PROTO, "quotes.v1.Quote", json, { node: "quotes" });
    onTestFinished(() => mock.close());
    const c = await client(await mock.listen());
    await c.write(encodeFrame(Buffer.alloc(0)));
    const [answer] = await c.answered(1);
    expect(decode(answer ?? Buffer.alloc(0))).toEqual(json);
  });

  it("answers a sample message when no JSON is given", async () => {
    const mock = ProtobufMock.fromProto(QUOTE_PROTO, "quotes.v1.Quote", undefined, {
      node: "quotes",
    });
    onTestFinished(() => mock.close());
    const c = await client(await mock.listen());
    await c.write(encodeFrame(Buffer.alloc(0)));
    const [answer] = await c.answered(1);
    expect(decode(answer ?? Buffer.alloc(0))).toMatchObject({ symbol: "string", change: 1 });
  });

  it("throws a BatonError for an unknown message type or JSON that does not fit", () => {
    const attempts = [
      () => ProtobufMock.fromProto(QUOTE_PROTO, "quotes.v1.Qoute", {}, { node: "q" }),
      () =>
        ProtobufMock.fromProto(QUOTE_PROTO, "quotes.v1.Quote", { price: "high" }, { node: "q" }),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (err) {
        caught = err;
      }
      expect(isBatonError(caught)).toBe(true);
      expect((caught as Error).message).toContain(QUOTE_PROTO);
    }
  });
});
