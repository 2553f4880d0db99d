import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { onTestFinished } from "vitest";

// Real sockets on 127.0.0.1 with OS-chosen ports, closed when the test ends (undici's way:
// cleanup is registered as soon as the resource exists).

/** A backend HTTP server counting the TCP connections it accepted. */
export interface Backend {
  readonly port: number;
  readonly server: Server;
  /** TCP connections accepted so far (keep-alive pooling shows as fewer than requests). */
  readonly connections: number;
  /** TCP connections open now. */
  readonly open: number;
  /** Requests received so far. */
  readonly requests: IncomingMessage[];
}

/** Starts an HTTP backend on 127.0.0.1:0 that answers with `handler`. */
export async function startBackend(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Backend> {
  const server = createServer();
  const sockets = new Set<Socket>();
  let connections = 0;
  const requests: IncomingMessage[] = [];
  server.on("connection", (s: Socket) => {
    connections++;
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    port: (server.address() as AddressInfo).port,
    server,
    get connections() {
      return connections;
    },
    get open() {
      return sockets.size;
    },
    requests,
  };
}

/** A port nothing listens on now (bound, then released): for a server to take, or to find closed. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Sends raw bytes to 127.0.0.1:`port` and resolves with everything received until the server
 * closes the connection (or `idleMs` of silence).
 */
export function rawExchange(port: number, bytes: string | Buffer, idleMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    onTestFinished(() => {
      socket.destroy();
    });
    const chunks: Buffer[] = [];
    socket.setTimeout(idleMs, () => socket.end());
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.write(bytes);
  });
}

/** The status code of a raw HTTP response text. */
export function rawStatus(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}

/** A port nothing listens on (a backend that is down). */
export const closedPort = freePort;
