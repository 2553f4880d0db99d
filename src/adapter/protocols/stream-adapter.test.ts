import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { seededRandom } from "../../common/index.js";
import type { RoutingSnapshot } from "../snapshot.js";
import { encodeFrame } from "./protobuf/index.js";
import { StreamAdapter } from "./stream-adapter.js";

/** A TCP backend that answers every chunk with `<tag>:<chunk>`, and ends when the client does. */
async function echo(tag: string): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (s) => {
    sockets.add(s);
    s.on("data", (c: Buffer) => s.write(`${tag}:${c.toString()}`));
    s.on("end", () => s.end());
    s.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

async function adapter(protocol: "tcp" | "protobuf", snapshot: RoutingSnapshot) {
  const a = new StreamAdapter({ node: "db", protocol, port: 0, random: seededRandom(5) });
  const port = await a.listen();
  onTestFinished(() => a.close(200));
  expect(a.apply(snapshot)).toMatchObject({ ok: true });
  return { a, port };
}

const net = (id: string, port: number) => ({
  kind: "network" as const,
  id,
  host: "127.0.0.1",
  port,
});

/** Sends `text`, half-closes, and reads until the adapter closes. */
async function exchange(port: number, text: string | Buffer): Promise<string> {
  const s = connect(port, "127.0.0.1");
  onTestFinished(() => void s.destroy());
  await once(s, "connect");
  s.end(text);
  let out = "";
  s.on("data", (c: Buffer) => (out += c.toString()));
  await once(s, "close");
  return out;
}

describe("StreamAdapter", () => {
  it("pipes a TCP connection with half-close and counts it", async () => {
    const { a, port } = await adapter("tcp", {
      version: 1,
      targets: [net("live", await echo("A"))],
      route: { kind: "single", target: "live" },
    });
    expect(await exchange(port, "ping")).toBe("A:ping");
    const s = a.stats();
    expect(s.requests).toBe(1);
    expect(s.bytesIn).toBe(4);
    expect(s.targets[0]).toMatchObject({ target: "live", requests: 1 });
  });

  it("routes connections by weight (TCP is routed too) and refuses handler targets", async () => {
    const { a, port } = await adapter("tcp", {
      version: 1,
      targets: [net("a", await echo("A")), net("b", await echo("B"))],
      route: {
        kind: "weighted",
        targets: [
          { target: "a", weight: 1 },
          { target: "b", weight: 1 },
        ],
      },
    });
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add((await exchange(port, "x")).slice(0, 1));
    expect([...seen].sort()).toEqual(["A", "B"]);
    const refused = a.apply({
      version: 2,
      targets: [{ kind: "handler", id: "mock", handler: () => undefined }],
      route: { kind: "single", target: "mock" },
    });
    expect(refused).toMatchObject({ ok: false, status: 400 });
  });

  it("drains: an open connection to a replaced target finishes; at the deadline it is cut", async () => {
    const { a, port } = await adapter("tcp", {
      version: 1,
      targets: [net("old", await echo("OLD"))],
      route: { kind: "single", target: "old" },
    });
    const held = connect(port, "127.0.0.1");
    onTestFinished(() => void held.destroy());
    await once(held, "connect");
    held.write("1");
    await once(held, "data");
    const applied = a.apply({
      version: 2,
      targets: [net("new", await echo("NEW"))],
      route: { kind: "single", target: "new" },
      drainTimeoutMs: 300,
    });
    if (!applied.ok) throw new Error("refused");
    expect(await exchange(port, "2")).toBe("NEW:2");
    held.write("3");
    const [reply] = (await once(held, "data")) as [Buffer];
    expect(reply.toString()).toBe("OLD:3"); // still served by the old target while it drains
    expect(await applied.drained).toMatchObject([{ target: "old", inFlight: 1, cut: 1 }]);
  });

  it("counts a protobuf framing error and closes the connection", async () => {
    const { a, port } = await adapter("protobuf", {
      version: 1,
      targets: [net("live", await echo("P"))],
      route: { kind: "single", target: "live" },
    });
    const oversize = Buffer.alloc(4);
    oversize.writeUInt32BE(64 * 1024 * 1024);
    await exchange(port, Buffer.concat([encodeFrame(Buffer.from("ok")), oversize]));
    expect(a.stats().errors.framing).toBe(1);
  });

  it("closes a connection at once when the node has no backend", async () => {
    const { a, port } = await adapter("tcp", { version: 1, targets: [], route: null });
    expect(await exchange(port, "x")).toBe("");
    expect(a.stats().errors.no_backend).toBe(1);
  });
});
