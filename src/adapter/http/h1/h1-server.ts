import { createServer, type Server, type Socket } from "node:net";
import type { Clock } from "../../../common/index.js";
import { Sweeper } from "../../sweeper.js";
import { H1Connection, type ConnectionHandlers } from "./h1-connection.js";

/** How often client connections are checked for idling and slow heads, ms. */
const CONNECTION_SWEEP_MS = 1_000;

/** Settings of an H1Server. */
export interface H1ServerOptions {
  readonly clock: Clock;
  /** Request line and header block limit, bytes (431 beyond). */
  readonly maxHeadBytes: number;
  /** A keep-alive connection idle this long is closed. */
  readonly keepAliveMs: number;
  /** A request head must arrive within this (else 408): slow-header (slowloris) protection. */
  readonly headTimeoutMs: number;
  /** How often connections are checked, ms (tests shorten it). */
  readonly sweepMs?: number;
}

/** Connection events beyond requests: opened and closed, for the adapter's counters. */
export interface H1ServerHandlers extends ConnectionHandlers {
  connectionOpened(): void;
  connectionClosed(): void;
}

/**
 * The client side of the HTTP adapter: HTTP/1.1 served directly on `net` sockets with the
 * adapter's own strict parser — no IncomingMessage / ServerResponse per request. Idle and
 * slow connections are found by one coarse sweeper for all of them.
 */
export class H1Server {
  readonly server: Server;
  readonly #connections = new Set<H1Connection>();
  readonly #sweeper: Sweeper;
  #handlers: H1ServerHandlers | null = null;

  /** A listener that serves once `serve` names the handlers. */
  constructor(options: H1ServerOptions) {
    const sweepMs = options.sweepMs ?? CONNECTION_SWEEP_MS;
    this.#sweeper = new Sweeper(options.clock, sweepMs);
    const limits = {
      maxHeadBytes: options.maxHeadBytes,
      idleSweeps: Math.max(1, Math.ceil(options.keepAliveMs / sweepMs)),
      headSweeps: Math.max(1, Math.ceil(options.headTimeoutMs / sweepMs)),
    };
    this.server = createServer({ noDelay: true }, (socket: Socket) => {
      const handlers = this.#handlers;
      if (handlers === null) {
        socket.destroy();
        return;
      }
      const conn = new H1Connection(socket, handlers, limits);
      this.#connections.add(conn);
      this.#sweeper.add(conn);
      handlers.connectionOpened();
      socket.once("close", () => {
        this.#connections.delete(conn);
        this.#sweeper.remove(conn);
        handlers.connectionClosed();
      });
    });
  }

  /** Names who handles requests, upgrades and refusals (once, before listening). */
  serve(handlers: H1ServerHandlers): void {
    this.#handlers = handlers;
  }

  /** Client connections open now. */
  get connections(): number {
    return this.#connections.size;
  }

  /** Closes connections that are not in the middle of a response; the rest after it. */
  closeIdle(): void {
    for (const conn of this.#connections) conn.shutdown();
  }

  /** Cuts every connection. */
  closeAll(): void {
    for (const conn of this.#connections) conn.socket.destroy();
    this.#sweeper.stop();
  }
}
