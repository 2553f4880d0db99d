import { createServer, type Server, type Socket } from "node:net";
import { compileScript, type CompiledScript, type TcpScript } from "./tcp-script.js";
import { serveSession } from "./tcp-session.js";

/** Settings of a TCP mock. */
export interface TcpMockOptions {
  /** The node it stands in for (in error messages). */
  readonly node: string;
  /** What to say; without one every byte received is echoed. */
  readonly script?: TcpScript;
}

/** Counters since the mock was made. */
export interface TcpMockStats {
  /** Connections accepted. */
  readonly connections: number;
  /** Bytes received from clients. */
  readonly bytesIn: number;
  /** Bytes sent to clients. */
  readonly bytesOut: number;
}

/**
 * A mock of one TCP node: an echo server, or a scripted one (banner, then a reply per line).
 * It listens on its own port; the node's TCP adapter pipes client connections to it.
 */
export class TcpMock {
  readonly #script: CompiledScript | null;
  readonly #counts = { connections: 0, bytesIn: 0, bytesOut: 0 };
  readonly #sockets = new Set<Socket>();
  readonly #server: Server;
  #state: "new" | "listening" | "closed" = "new";

  /** Checks the script now: a malformed one throws BatonError (E_CONFIG_INVALID). */
  constructor(readonly options: TcpMockOptions) {
    this.#script =
      options.script === undefined ? null : compileScript(options.node, options.script);
    // allowHalfOpen: a client's FIN ends only its direction; the mock answers, then ends its own.
    this.#server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
      this.#counts.connections += 1;
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
      serveSession(socket, this.#script, this.#counts);
    });
  }

  /** Counters, live (read them; they change as traffic flows). */
  get stats(): TcpMockStats {
    return this.#counts;
  }

  /** Starts listening; resolves with the bound port (0 lets the OS choose). */
  listen(host = "127.0.0.1", port = 0): Promise<number> {
    if (this.#state !== "new") throw new TypeError("a TCP mock listens once");
    this.#state = "listening";
    const server = this.#server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        const address = server.address();
        resolve(typeof address === "object" && address !== null ? address.port : 0);
      });
    });
  }

  /** Stops listening and cuts open connections (a mock has nothing to drain); idempotent. */
  async close(): Promise<void> {
    if (this.#state === "closed") return;
    const wasListening = this.#state === "listening";
    this.#state = "closed";
    for (const socket of this.#sockets) socket.destroy();
    if (wasListening && this.#server.listening)
      await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
