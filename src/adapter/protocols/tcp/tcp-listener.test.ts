import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import type { PipeSummary, PipeTarget } from "./pipe-observer.js";
import { createTcpAdapter, type TcpAdapter, type TcpAdapterOptions } from "./tcp-listener.js";

/** An echo server on 127.0.0.1:0, closed (sockets included) when the test ends. */
async function echoServer(): Promise<PipeTarget> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    s.pipe(s);
  });
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { host: "127.0.0.1", port: (server.address() as AddressInfo).port };
}

/** An adapter on 127.0.0.1:0, closed when the test ends. */
async function adapter(
  options: Omit<TcpAdapterOptions, "host" | "port">,
): Promise<{ adapter: TcpAdapter; port: number }> {
  const a = createTcpAdapter({ host: "127.0.0.1", port: 0, closeTimeoutMs: 1_000, ...options });
  onTestFinished(() => a.close());
  const { port } = await a.listen();
  return { adapter: a, port };
}

async function dial(port: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  onTestFinished(() => {
    socket.destroy();
  });
  socket.on("error", () => {});
  await once(socket, "connect");
  return socket;
}

describe("createTcpAdapter", () => {
  it("listens on an OS-chosen port and pipes each connection to the resolved target", async () => {
    const target = await echoServer();
    const closed: PipeSummary[] = [];
    let done!: () => void;
    const allClosed = new Promise<void>((resolve) => (done = resolve));
    const { adapter: a, port } = await adapter({
      resolveTarget: () => target,
      observer: {
        onClosed: (s) => {
          closed.push(s);
          if (closed.length === 2) done();
        },
      },
    });
    expect(port).toBeGreaterThan(0);
    const [one, two] = await Promise.all([dial(port), dial(port)]);
    one.write("ping");
    await once(one, "data");
    expect(a.activeConnections).toBe(2);
    one.end();
    two.end();
    await allClosed;
    expect(a.activeConnections).toBe(0);
    expect(closed.map((s) => s.reason)).toEqual(["eof", "eof"]);
  });

  it("closes a client at once when there is no target, and counts it", async () => {
    let rejected = 0;
    const { adapter: a, port } = await adapter({
      resolveTarget: () => null,
      observer: { onRejected: () => rejected++ },
    });
    const client = await dial(port);
    const received: Buffer[] = [];
    client.on("data", (c: Buffer) => received.push(c));
    await once(client, "close");
    expect(received).toEqual([]);
    expect(rejected).toBe(1);
    expect(a.activeConnections).toBe(0);
  });

  it("close() stops accepting and waits for open pipes to finish", async () => {
    const target = await echoServer();
    const { adapter: a, port } = await adapter({ resolveTarget: () => target });
    const client = await dial(port);
    client.write("x");
    await once(client, "data");
    let closed = false;
    const closing = a.close().then(() => (closed = true));
    const refused = new Promise<string | undefined>((resolve) => {
      const late = connect(port, "127.0.0.1");
      late.on("error", (e: NodeJS.ErrnoException) => resolve(e.code));
      late.on("connect", () => {
        late.destroy();
        resolve("connected");
      });
    });
    expect(await refused).toBe("ECONNREFUSED");
    expect(closed).toBe(false);
    client.end();
    await closing;
    expect(a.activeConnections).toBe(0);
  });

  it("close() cuts pipes still open at the deadline", async () => {
    const target = await echoServer();
    const { adapter: a, port } = await adapter({ resolveTarget: () => target, closeTimeoutMs: 20 });
    const client = await dial(port);
    client.write("x");
    await once(client, "data");
    const clientClosed = once(client, "close");
    await a.close();
    await clientClosed;
    expect(a.activeConnections).toBe(0);
  });

  it("listens only once", async () => {
    const { adapter: a } = await adapter({ resolveTarget: () => null });
    expect(() => a.listen()).toThrow(TypeError);
  });
});
