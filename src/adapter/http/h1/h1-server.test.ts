import { connect, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { systemClock } from "../../../common/index.js";
import { rawExchange, rawStatus } from "../../../../test/support/net-fixtures.js";
import type { H1Request } from "./h1-connection.js";
import { InvalidHeaderError, type H1Response } from "./h1-response.js";
import { H1Server } from "./h1-server.js";
import type { RequestParseError } from "./request-parser.js";

type Handler = (req: H1Request, res: H1Response) => void;

/** An H1Server on 127.0.0.1:0 with `handler`; refusals are answered with their status. */
async function serve(handler: Handler, timeouts = { keepAliveMs: 60_000, headTimeoutMs: 60_000 }) {
  const refused: RequestParseError[] = [];
  const front = new H1Server({ clock: systemClock, maxHeadBytes: 4096, sweepMs: 20, ...timeouts });
  front.serve({
    request: handler,
    upgrade: (_req, socket) => socket.end("HTTP/1.1 501 Not Implemented\r\n\r\n"),
    clientError: (error, socket) => {
      refused.push(error);
      socket.end(
        `HTTP/1.1 ${error.status} Refused\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`,
      );
    },
    connectionOpened: () => undefined,
    connectionClosed: () => undefined,
  });
  await new Promise<void>((resolve) => front.server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    front.closeAll();
    front.server.close();
  });
  return { front, port: (front.server.address() as AddressInfo).port, refused };
}

/** A raw client that collects what it receives. */
async function open(
  port: number,
): Promise<{ socket: Socket; text: () => string; closed: Promise<void> }> {
  const socket = connect(port, "127.0.0.1");
  onTestFinished(() => {
    socket.destroy();
  });
  const chunks: Buffer[] = [];
  socket.on("data", (c: Buffer) => chunks.push(c));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return { socket, text: () => Buffer.concat(chunks).toString("latin1"), closed };
}

async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const hello: Handler = (req, res) => {
  res.writeHead(200, { "content-type": "text/plain", "content-length": 2 + req.url.length });
  res.end(`ok${req.url}`);
};

describe("H1Server", () => {
  it("keeps a connection alive across requests, framed by Content-Length", async () => {
    const { port } = await serve(hello);
    const c = await open(port);
    c.socket.write("GET /a HTTP/1.1\r\nhost: x\r\n\r\n");
    await until(() => c.text().endsWith("ok/a"));
    c.socket.write("GET /b HTTP/1.1\r\nhost: x\r\n\r\n");
    await until(() => c.text().endsWith("ok/b"));
    expect(c.text().match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect(c.text()).not.toMatch(/connection: close/);
  });

  it("answers pipelined requests in order, even when the first is slower", async () => {
    const { port } = await serve((req, res) => {
      if (req.url === "/slow") setTimeout(() => hello(req, res), 50);
      else hello(req, res);
    });
    const text = await rawExchange(
      port,
      "GET /slow HTTP/1.1\r\nhost: x\r\n\r\nGET /fast HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    );
    expect(text.indexOf("ok/slow")).toBeGreaterThan(0);
    expect(text.indexOf("ok/fast")).toBeGreaterThan(text.indexOf("ok/slow"));
  });

  it("streams a body of unknown length chunked to HTTP/1.1 clients, with trailers", async () => {
    const { port } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("one,");
      res.addTrailers({ "x-sum": "7" });
      res.end("two");
    });
    const text = await rawExchange(port, "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    expect(text).toMatch(/transfer-encoding: chunked\r\n/);
    expect(text.endsWith("4\r\none,\r\n3\r\ntwo\r\n0\r\nx-sum: 7\r\n\r\n")).toBe(true);
  });

  it("closes after the response for HTTP/1.0 clients, delimiting the body by the close", async () => {
    const { port } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("wh");
      res.end("ole");
    });
    const text = await rawExchange(port, "GET / HTTP/1.0\r\n\r\n");
    expect(text).toMatch(/connection: close\r\n/);
    expect(text).not.toMatch(/transfer-encoding|content-length/);
    expect(text.endsWith("\r\n\r\nwhole")).toBe(true);
  });

  it("sends the length of a body given whole to end, rather than chunks", async () => {
    const { port } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("whole");
    });
    const text = await rawExchange(port, "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    expect(text).toMatch(/content-length: 5\r\n/);
    expect(text).not.toMatch(/transfer-encoding/);
  });

  it("copies validated fields as given (case kept), over setHeader ones, minus its own framing", async () => {
    const { port } = await serve((_req, res) => {
      res.setHeader("x-a", "set");
      res.setHeader("x-b", "kept");
      res.writeHeadFields(201, "", ["X-A", "given", "Connection", "close", "Content-Length", "2"]);
      res.end("ok");
    });
    const raw = await rawExchange(port, "GET / HTTP/1.1\r\nhost: x\r\n\r\n", 300);
    expect(raw).toMatch(/^HTTP\/1\.1 201 Created\r\nX-A: given\r\nContent-Length: 2\r\n/);
    expect(raw).toMatch(/\r\nx-b: kept\r\nconnection: close\r\n\r\nok$/);
    expect(raw.match(/x-a:/gi)).toHaveLength(1);
  });

  it("keeps an HTTP/1.0 connection that asks for keep-alive", async () => {
    const { port } = await serve(hello);
    const c = await open(port);
    c.socket.write("GET /a HTTP/1.0\r\nconnection: keep-alive\r\n\r\n");
    await until(() => c.text().endsWith("ok/a"));
    expect(c.text()).toMatch(/connection: keep-alive\r\n/);
    expect(c.socket.destroyed).toBe(false);
  });

  it("sends no body for HEAD, 204 and 304, whatever the handler writes", async () => {
    const { port } = await serve((req, res) => {
      res.writeHead(req.url === "/204" ? 204 : 200, { "content-length": 4 });
      res.end("body");
    });
    const head = await rawExchange(port, "HEAD / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    expect(head).toMatch(/content-length: 4\r\n/);
    expect(head.endsWith("\r\n\r\n")).toBe(true);
    const none = await rawExchange(
      port,
      "GET /204 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    );
    expect(none.endsWith("\r\n\r\n")).toBe(true);
  });

  it("streams the request body to the handler and keeps the connection after it", async () => {
    const { port } = await serve((req, res) => {
      const parts: Buffer[] = [];
      req.body?.on("data", (c: Buffer) => parts.push(c));
      req.body?.on("end", () => res.end(Buffer.concat(parts).toString().toUpperCase()));
    });
    const c = await open(port);
    c.socket.write("POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n");
    await new Promise((resolve) => setTimeout(resolve, 20));
    c.socket.write("2\r\nde\r\n0\r\n\r\n");
    await until(() => c.text().endsWith("ABCDE"));
    c.socket.write("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\nfg");
    await until(() => c.text().endsWith("FG"));
  });

  it("closes the connection when the response ends before the request body", async () => {
    const { port } = await serve((_req, res) => res.end("early"));
    const c = await open(port);
    c.socket.write("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\npartial");
    await c.closed;
    expect(c.text()).toMatch(/connection: close\r\n/);
    expect(c.text().endsWith("early")).toBe(true);
  });

  it("answers 100 Continue only when the handler asks for the body", async () => {
    const { port } = await serve((req, res) => {
      res.writeContinue();
      req.body?.resume().on("end", () => res.end("got it"));
    });
    const c = await open(port);
    c.socket.write(
      "PUT / HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\nexpect: 100-continue\r\n\r\n",
    );
    await until(() => c.text().startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
    c.socket.write("abc");
    await until(() => c.text().endsWith("got it"));
  });

  it("refuses malformed requests through clientError, reaching no handler", async () => {
    let handled = 0;
    const { port, refused } = await serve(() => (handled += 1));
    expect(rawStatus(await rawExchange(port, "GET / HTTP/1.1\r\n\r\n"))).toBe(400);
    expect(rawStatus(await rawExchange(port, `GET /${"a".repeat(5000)} HTTP/1.1\r\n\r\n`))).toBe(
      431,
    );
    expect(refused.map((e) => e.status)).toEqual([400, 431]);
    expect(handled).toBe(0);
  });

  it("answers 408 to a request head that trickles in too slowly, and closes idle connections", async () => {
    const { port } = await serve(hello, { keepAliveMs: 100, headTimeoutMs: 100 });
    const slow = await open(port);
    slow.socket.write("GET / HTTP/1.1\r\n");
    const timer = setInterval(() => slow.socket.write("x-a: b\r\n"), 10);
    await slow.closed;
    clearInterval(timer);
    expect(rawStatus(slow.text())).toBe(408);
    const idle = await open(port);
    await idle.closed; // nothing sent: closed once the keep-alive time has passed
    expect(idle.text()).toBe("");
  });

  it("refuses a handler's header with CR/LF, and lets the handler answer 500 instead", async () => {
    const { port } = await serve((_req, res) => {
      res.setHeader("x-bad", "a\r\nset-cookie: stolen=1");
      try {
        res.end("never");
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidHeaderError);
        res.writeHead(500, { "content-length": 0 });
        res.end();
      }
    });
    const text = await rawExchange(port, "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    expect(rawStatus(text)).toBe(500);
    expect(text).not.toMatch(/stolen/);
  });

  it("closes idle connections at shutdown and busy ones after their response", async () => {
    let answer: (() => void) | null = null;
    const { front, port } = await serve((req, res) => (answer = () => hello(req, res)));
    const idle = await open(port);
    const busy = await open(port);
    busy.socket.write("GET /last HTTP/1.1\r\nhost: x\r\n\r\n");
    await until(() => answer !== null);
    front.closeIdle();
    await idle.closed;
    expect(busy.socket.destroyed).toBe(false);
    (answer as unknown as () => void)();
    await busy.closed;
    expect(busy.text()).toMatch(/connection: close\r\n[\s\S]*ok\/last$/);
  });
});
