import { connect, type Socket } from "node:net";
import type { Readable } from "node:stream";
import { ResponseParser, type ResponseEvents } from "./response-parser.js";

/** What a request through the pool reports to (the subset of undici's handler API the relay uses). */
export interface ExchangeHandler {
  onRequestStart?(controller: ExchangeController): void;
  /** `fields`: flat [name, value, …], validated by the parser. */
  onResponseStart?(
    controller: ExchangeController,
    status: number,
    fields: string[],
    reason: string,
  ): void;
  onResponseData?(controller: ExchangeController, chunk: Buffer): void;
  onResponseEnd?(controller: ExchangeController, trailers: string[]): void;
  onResponseError?(controller: ExchangeController, error: Error): void;
}

/** Lets the handler stop, pause or resume its request. */
export interface ExchangeController {
  abort(reason: Error): void;
  pause(): void;
  resume(): void;
}

/** One request to send. */
export interface ExchangeRequest {
  readonly method: string;
  readonly path: string;
  /** Flat [name, value, …] list, already rewritten for the hop. */
  readonly headers: readonly string[];
  readonly body: Readable | null;
}

/** Options of an H1Pool. */
export interface H1PoolOptions {
  readonly connections: number;
  readonly connectTimeoutMs: number;
  readonly keepAliveMs: number;
}

/** An error the pool made itself. */
class PoolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A pooled connection: its socket and the exchange it serves now. */
class Conn {
  current: Exchange | null = null;
  used = false;
  /** When it went idle in the pool (performance.now() ms). */
  idleSince = 0;
  constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.current?.onData(chunk));
    socket.on("error", (error: Error) => this.current?.onSocketEnd(error));
    socket.on("close", () => this.current?.onSocketEnd(null));
  }
}

/**
 * Keep-alive HTTP/1.1 connections to one backend, written and parsed directly on the sockets
 * (no dispatcher layers between the adapter and the bytes). One request per connection at a
 * time; requests beyond `connections` wait in order. A request sent on a reused connection that
 * the backend had closed meanwhile is sent again on a fresh one when it has no body.
 */
export class H1Pool {
  readonly #idle: Conn[] = [];
  readonly #waiting: Exchange[] = [];
  readonly #all = new Set<Conn>();
  #closing = false;
  #reaper: NodeJS.Timeout | null = null;

  constructor(
    readonly host: string,
    readonly port: number,
    readonly options: H1PoolOptions,
  ) {}

  /** Sends `request`; the handler hears its response. */
  dispatch(request: ExchangeRequest, handler: ExchangeHandler): void {
    const exchange = new Exchange(this, request, handler);
    handler.onRequestStart?.(exchange);
    this.#assign(exchange);
  }

  #assign(exchange: Exchange): void {
    if (exchange.finished) return;
    for (let conn = this.#idle.pop(); conn !== undefined; conn = this.#idle.pop()) {
      if (conn.socket.destroyed) continue;
      exchange.start(conn);
      return;
    }
    if (this.#all.size >= this.options.connections) {
      this.#waiting.push(exchange);
      return;
    }
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    const conn = new Conn(socket);
    this.#all.add(conn);
    socket.once("close", () => {
      this.#all.delete(conn);
      const i = this.#idle.indexOf(conn);
      if (i >= 0) this.#idle.splice(i, 1);
      this.#next();
    });
    const timer = setTimeout(
      () =>
        socket.destroy(
          new PoolError(
            "BATON_CONNECT_TIMEOUT",
            `connect timeout after ${this.options.connectTimeoutMs} ms`,
          ),
        ),
      this.options.connectTimeoutMs,
    );
    conn.current = exchange; // connect errors reach the exchange
    exchange.connecting = true;
    socket.once("connect", () => {
      clearTimeout(timer);
      exchange.connecting = false;
      exchange.start(conn);
    });
    socket.once("close", () => clearTimeout(timer));
  }

  /** Takes a connection back after an exchange: idle for reuse, or closed. */
  release(conn: Conn, reusable: boolean): void {
    conn.current = null;
    conn.used = true;
    if (!reusable || this.#closing || conn.socket.destroyed) {
      conn.socket.destroy();
      return;
    }
    // A handler may have paused it (its client was full or gone): the next exchange must read.
    if (conn.socket.isPaused()) conn.socket.resume();
    if (this.#waiting.length > 0) {
      const next = this.#waiting.shift() as Exchange;
      next.start(conn);
      return;
    }
    conn.idleSince = performance.now();
    this.#idle.push(conn);
    this.#reaper ??= setInterval(() => this.#reap(), Math.max(100, this.options.keepAliveMs / 4));
    this.#reaper.unref();
  }

  /** Sends a bodiless request again on a fresh connection (its reused one had gone stale). */
  retryFresh(exchange: Exchange): void {
    const idle = this.#idle.splice(0);
    for (const conn of idle) conn.socket.destroy(); // they are likely as stale
    this.#assign(exchange);
  }

  /**
   * Closes connections idle past the keep-alive time. One coarse timer per pool, running
   * only while connections idle: a socket timer per connection is re-armed on every read and
   * write, a cost on every request.
   */
  #reap(): void {
    const oldest = performance.now() - this.options.keepAliveMs;
    // #idle is a stack: the longest idle sit at the bottom.
    while (this.#idle.length > 0 && (this.#idle[0] as Conn).idleSince <= oldest)
      (this.#idle.shift() as Conn).socket.destroy();
    if (this.#idle.length === 0 && this.#reaper !== null) {
      clearInterval(this.#reaper);
      this.#reaper = null;
    }
  }

  #next(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) this.#assign(next);
  }

  /** Closes idle connections now and busy ones as their exchanges end; `force` cuts them too. */
  async close(force: boolean): Promise<void> {
    this.#closing = true;
    if (this.#reaper !== null) clearInterval(this.#reaper);
    this.#reaper = null;
    for (const conn of this.#idle.splice(0)) conn.socket.destroy();
    for (const exchange of this.#waiting.splice(0))
      exchange.abort(new PoolError("BATON_POOL_CLOSED", "the backend pool was closed"));
    const busy = [...this.#all];
    if (force) for (const conn of busy) conn.socket.destroy();
    await Promise.all(
      busy
        .filter((conn) => !conn.socket.destroyed)
        .map((conn) => new Promise<void>((resolve) => conn.socket.once("close", () => resolve()))),
    );
  }
}

/** One request/response on a pooled connection. */
class Exchange implements ExchangeController, ResponseEvents {
  finished = false;
  connecting = false;
  #conn: Conn | null = null;
  #parser: ResponseParser | null = null;
  #started = false;
  #bodySent = false;
  #received = 0;
  #retried = false;

  constructor(
    readonly pool: H1Pool,
    readonly request: ExchangeRequest,
    readonly handler: ExchangeHandler,
  ) {
    // From the start: a body can fail (a limit, a client gone) before a connection is ready.
    request.body?.once("error", (error: Error) => this.abort(error));
  }

  start(conn: Conn): void {
    if (this.finished) return this.pool.release(conn, true);
    this.#conn = conn;
    conn.current = this;
    const { method, path, headers, body } = this.request;
    let head = `${method} ${path} HTTP/1.1\r\n`;
    let hasLength = false;
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i] as string;
      if (name.length === 14 && name.toLowerCase() === "content-length") hasLength = true;
      head += `${name}: ${headers[i + 1] as string}\r\n`;
    }
    const chunked = body !== null && !hasLength;
    head += chunked ? "transfer-encoding: chunked\r\n\r\n" : "\r\n";
    const socket = conn.socket;
    socket.write(head, "latin1");
    // Made after the write, off the request's path: no byte of the answer can arrive before.
    this.#parser = new ResponseParser(this, method === "HEAD");
    if (body === null) {
      this.#bodySent = true;
      return;
    }
    body.on("data", (chunk: Buffer) => {
      if (this.finished) return;
      const ok = chunked
        ? socket.write(`${chunk.length.toString(16)}\r\n`) &&
          socket.write(chunk) &&
          socket.write("\r\n")
        : socket.write(chunk);
      if (!ok) {
        body.pause();
        socket.once("drain", () => body.resume());
      }
    });
    body.once("end", () => {
      if (chunked && !this.finished) socket.write("0\r\n\r\n");
      this.#bodySent = true;
    });
  }

  onData(chunk: Buffer): void {
    this.#received += chunk.length;
    try {
      this.#parser?.push(chunk);
    } catch (error) {
      this.#fail(error as Error);
    }
  }

  /** The socket failed or closed before the response ended. */
  onSocketEnd(error: Error | null): void {
    if (this.finished) return;
    if (error === null) {
      try {
        this.#parser?.close(); // a close-delimited body ends here
        if (this.finished) return;
      } catch (parseError) {
        error = parseError as Error;
      }
    }
    const stale = this.#conn?.used === true && this.#received === 0 && this.request.body === null;
    if (stale && !this.#retried && !this.connecting) {
      this.#retried = true;
      this.#conn = null;
      this.pool.retryFresh(this);
      return;
    }
    this.#fail(error ?? new PoolError("ECONNRESET", "the backend closed the connection"));
  }

  head(status: number, reason: string, fields: string[]): void {
    if (status >= 200) this.#started = true;
    this.handler.onResponseStart?.(this, status, fields, reason);
  }

  data(chunk: Buffer): void {
    if (!this.finished) this.handler.onResponseData?.(this, chunk);
  }

  end(trailers: string[], keepAlive: boolean): void {
    if (this.finished) return;
    this.finished = true;
    const conn = this.#conn;
    if (conn !== null) this.pool.release(conn, keepAlive && this.#bodySent);
    this.handler.onResponseEnd?.(this, trailers);
  }

  abort(reason: Error): void {
    this.#fail(reason);
  }

  pause(): void {
    this.#conn?.socket.pause();
  }

  resume(): void {
    this.#conn?.socket.resume();
  }

  /** Whether the response head reached the handler. */
  get responseStarted(): boolean {
    return this.#started;
  }

  #fail(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    const conn = this.#conn;
    if (conn !== null) {
      conn.current = null;
      conn.socket.destroy();
    }
    this.handler.onResponseError?.(this, error);
  }
}
