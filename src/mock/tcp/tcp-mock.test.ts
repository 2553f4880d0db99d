import { once } from "node:events";
import { connect } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { createTcpAdapter } from "../../adapter/index.js";
import { isBatonError } from "../../common/index.js";
import { MAX_LINE_BYTES, TcpMock, type TcpMockOptions } from "./index.js";

/** A mock on 127.0.0.1:0, closed when the test ends. */
async function mock(options: TcpMockOptions): Promise<{ mock: TcpMock; port: number }> {
  const m = new TcpMock(options);
  onTestFinished(() => m.close());
  return { mock: m, port: await m.listen() };
}

/** A client connection, with everything it receives collected. */
async function dial(port: number) {
  const socket = connect(port, "127.0.0.1");
  onTestFinished(() => void socket.destroy());
  socket.on("error", () => {});
  const chunks: Buffer[] = [];
  socket.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const bytes = () => Buffer.concat(chunks);
  const received = () => bytes().toString("latin1");
  /** Resolves once `text` has arrived; rejects if the connection closes first. */
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!received().includes(text)) return;
        socket.off("data", check);
        resolve();
      };
      socket.on("data", check);
      socket.once("close", () => reject(new Error(`closed before '${text}' arrived`)));
      check();
    });
  await once(socket, "connect");
  return { socket, bytes, received, waitFor, ended };
}

describe("TcpMock", () => {
  it("echoes every byte without a script and counts the traffic", async () => {
    const { mock: m, port } = await mock({ node: "cache" });
    const c = await dial(port);
    c.socket.write("ping\r\n");
    c.socket.write(Buffer.from([0, 255, 10]));
    c.socket.end();
    await c.ended;
    expect(c.bytes()).toEqual(Buffer.from([...Buffer.from("ping\r\n"), 0, 255, 10]));
    expect(m.stats).toEqual({ connections: 1, bytesIn: 9, bytesOut: 9 });
  });

  it("sends the banner, answers scripted lines (CR stripped), and falls back to echo", async () => {
    const { port } = await mock({
      node: "smtp",
      script: {
        banner: "220 mock ready\r\n",
        replies: [
          { match: "HELO", reply: "250 hello\r\n" },
          { match: /^QUIT\b/i, reply: Buffer.from("221 bye\r\n") },
        ],
      },
    });
    const c = await dial(port);
    await c.waitFor("220 mock ready\r\n");
    // Lines split across writes, two in one write, CRLF and LF endings.
    c.socket.write("HE");
    c.socket.write("LO\r\nNOOP 1\nqu");
    c.socket.write("it now\r\n");
    await c.waitFor("221 bye");
    expect(c.received()).toBe("220 mock ready\r\n250 hello\r\nNOOP 1\n221 bye\r\n");
  });

  it("stays silent for unmatched lines when the fallback says so", async () => {
    const { port } = await mock({
      node: "kv",
      script: { replies: [{ match: "GET a", reply: "1\n" }], fallback: "silent" },
    });
    const c = await dial(port);
    c.socket.write("GET b\nGET a\n");
    await c.waitFor("1\n");
    expect(c.received()).toBe("1\n");
  });

  it("half-close: answers a last unterminated line, finishes writing, then ends its side", async () => {
    const { port } = await mock({
      node: "kv",
      script: { replies: [{ match: "last", reply: "done\n" }] },
    });
    const c = await dial(port);
    const ended = once(c.socket, "end");
    c.socket.end("first\nlast"); // FIN right behind the data
    await ended;
    expect(c.received()).toBe("first\ndone\n");
    // Echo mode half-closes the same way: the echo arrives, then the end.
    const { port: echoPort } = await mock({ node: "echo" });
    const e = await dial(echoPort);
    const echoEnded = once(e.socket, "end");
    e.socket.end("x".repeat(100_000));
    await echoEnded;
    expect(e.received()).toHaveLength(100_000);
  });

  it("closes a connection whose line passes MAX_LINE_BYTES, after what it owed", async () => {
    const { mock: m, port } = await mock({
      node: "kv",
      script: { replies: [{ match: "a", reply: "A\n" }] },
    });
    const c = await dial(port);
    c.socket.write("a\n");
    await c.waitFor("A\n");
    c.socket.write(Buffer.alloc(MAX_LINE_BYTES + 1, 0x62));
    await c.ended;
    expect(c.received()).toBe("A\n");
    expect(MAX_LINE_BYTES).toBe(65_536);
    expect(m.stats.connections).toBe(1);
  });

  it("stands behind the TCP adapter like a live service", async () => {
    const { port: target } = await mock({ node: "echo", script: { banner: "hi\n" } });
    const adapter = createTcpAdapter({
      host: "127.0.0.1",
      port: 0,
      closeTimeoutMs: 1_000,
      resolveTarget: () => ({ host: "127.0.0.1", port: target }),
    });
    onTestFinished(() => adapter.close());
    const { port } = await adapter.listen();
    const c = await dial(port);
    c.socket.end("hello\n");
    await c.ended;
    expect(c.received()).toBe("hi\nhello\n");
  });

  it("refuses a malformed script when built, naming the field", () => {
    const bad = (script: unknown) => {
      try {
        new TcpMock({ node: "kv", script: script as TcpMockOptions["script"] });
      } catch (error) {
        if (isBatonError(error)) return error;
        throw error;
      }
      throw new Error("no error");
    };
    const e = bad({
      replies: [
        { match: "a", reply: "A" },
        { match: 3, reply: "B" },
      ],
    });
    expect(e.code).toBe("E_CONFIG_INVALID");
    expect(e.message).toBe(
      "tcp mock of node 'kv': script.replies[1].match must be a string or a RegExp",
    );
    expect(bad({ replies: [{ match: "a\n", reply: "x" }] }).message).toMatch(/line break/);
    expect(bad({ fallback: "loud" }).message).toMatch(/script\.fallback/);
    expect(bad({ banner: 7 }).message).toMatch(/script\.banner must be a string or a Buffer/);
    expect(bad({ replies: {} }).message).toMatch(/script\.replies must be a list/);
  });

  it("matches with a global RegExp the same way every time, and listens once", async () => {
    const { mock: m, port } = await mock({
      node: "kv",
      script: { replies: [{ match: /x/g, reply: "X\n" }], fallback: "silent" },
    });
    const c = await dial(port);
    c.socket.write("x\nx\nx\n");
    await c.waitFor("X\nX\nX\n");
    expect(() => m.listen()).toThrow(TypeError);
  });
});
