import type { Socket } from "node:net";
import { Readable } from "node:stream";
import type { Swept } from "../../sweeper.js";
import { fieldValue } from "./fields.js";
import { H1Response, type ResponseOwner } from "./h1-response.js";
import { RequestParser, RequestParseError, type RequestHead } from "./request-parser.js";

/** The client went away before its request body ended. */
export class ClientGoneError extends Error {
  readonly code = "BATON_CLIENT_GONE";
  constructor() {
    super("the client closed the connection");
  }
}

/** One request as the pipeline (and in-process handlers) read it. */
export class H1Request {
  constructor(
    readonly head: RequestHead,
    /** The body as it streams in, or null when the request has none. */
    readonly body: Readable | null,
    readonly remoteAddress: string,
  ) {}

  get method(): string {
    return this.head.method;
  }

  get url(): string {
    return this.head.url;
  }

  get rawHeaders(): readonly string[] {
    return this.head.rawHeaders;
  }

  /** A header's value (repeated fields joined with ", "), by lower-case name. */
  header(name: string): string | undefined {
    return fieldValue(this.head.rawHeaders, name);
  }
}

/** What a connection hands to its server. */
export interface ConnectionHandlers {
  request(req: H1Request, res: H1Response): void;
  /** An Upgrade handshake: the socket (and the bytes read past the head) now belong to it. */
  upgrade(req: H1Request, socket: Socket, rest: Buffer): void;
  /** A request refused before the pipeline: answer on `socket` (then it is closed). */
  clientError(error: RequestParseError, socket: Socket): void;
}

/** Connection settings. */
export interface ConnectionLimits {
  readonly maxHeadBytes: number;
  /** Sweeps a connection may idle between requests before it is closed. */
  readonly idleSweeps: number;
  /** Sweeps a request head may take to arrive (slow clients get 408). */
  readonly headSweeps: number;
}

/**
 * One client connection: requests parsed straight off the socket, answered one at a time in
 * order (pipelined requests wait, with the socket paused), kept alive between them. Timeouts
 * are counted in sweeps of the server's coarse sweeper, not timers per request.
 */
export class H1Connection implements ResponseOwner, Swept {
  queuePrev: Swept | null = null;
  queueNext: Swept | null = null;
  queue: Swept["queue"] = null;
  readonly #parser: RequestParser;
  #res: H1Response | null = null;
  /** A request parsed in the current read, handed on when the read is done. */
  #ready: H1Request | null = null;
  #body: Readable | null = null;
  requestComplete = true;
  /** Bytes of the next request, read while the current response was still being written. */
  #pending: Buffer | null = null;
  /** Sweeps since the last byte (an idle connection). */
  #quiet = 0;
  /** Sweeps since the current request head began (a slow head). */
  #headSweeps = 0;
  #closing = false;
  #upgraded = false;
  readonly #onData = (chunk: Buffer): void => this.#read(chunk);

  constructor(
    readonly socket: Socket,
    readonly handlers: ConnectionHandlers,
    readonly limits: ConnectionLimits,
  ) {
    this.#parser = new RequestParser(this, limits.maxHeadBytes);
    socket.on("data", this.#onData);
    socket.on("error", () => undefined); // `close` follows
    socket.once("close", () => this.#closed());
  }

  /** No response is being written: the connection waits for (or reads) a request. */
  get idle(): boolean {
    return this.#res === null;
  }

  /** The server is shutting down: responses say `connection: close`. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Closes now if idle, else after the response in progress. */
  shutdown(): void {
    this.#closing = true;
    if (this.#res === null) this.socket.destroy();
  }

  /** Closes idle connections and slow request heads (counted in sweeps). */
  overdue(): boolean {
    if (this.#res !== null || this.#upgraded) return false;
    if (this.#parser.idle) {
      if (++this.#quiet < this.limits.idleSweeps) return false;
      this.socket.destroy();
    } else {
      // Counted from the head's first byte, however steadily it trickles in.
      if (++this.#headSweeps < this.limits.headSweeps) return false;
      this.#refuse(new RequestParseError(408, "the request head did not arrive in time"));
    }
    return true;
  }

  #read(chunk: Buffer): void {
    this.#quiet = 0;
    if (this.#parser.done) {
      // The next request arrived before this response ended: hold it, read no further.
      this.#pending = this.#pending === null ? chunk : Buffer.concat([this.#pending, chunk]);
      this.socket.pause();
      return;
    }
    let rest: Buffer | null;
    try {
      rest = this.#parser.push(chunk);
    } catch (error) {
      if (!(error instanceof RequestParseError)) throw error;
      if (this.#ready !== null) [this.#ready, this.#res, this.#body] = [null, null, null];
      this.#refuse(error);
      return;
    }
    // A request is handed on only now, with the body bytes of this read already queued: a
    // handler that answers at once then still finds the request complete (and keeps the
    // connection).
    const req = this.#ready;
    this.#ready = null;
    if (req !== null && req.head.upgrade) {
      this.handlers.upgrade(req, this.socket, rest ?? Buffer.alloc(0));
      return;
    }
    if (rest !== null) {
      this.#pending = rest;
      this.socket.pause();
    }
    if (req !== null) this.handlers.request(req, this.#res as H1Response);
  }

  head(head: RequestHead): void {
    this.#headSweeps = 0;
    const socket = this.socket;
    const hasBody = head.chunked || head.contentLength > 0;
    const body = hasBody ? new Readable({ read: () => socket.resume() }) : null;
    this.#ready = new H1Request(head, body, socket.remoteAddress ?? "");
    if (head.upgrade) {
      this.#upgraded = true;
      socketOff(socket, this.#onData);
      return;
    }
    this.#body = body;
    this.requestComplete = !hasBody;
    const keepAlive = head.keepAlive && !this.#closing;
    this.#res = new H1Response(this, keepAlive, head.minor, head.method === "HEAD");
  }

  body(chunk: Buffer): void {
    const body = this.#body;
    // After the response ended (or the client left) the rest of the body is not wanted.
    if (body !== null && !body.destroyed && !body.push(chunk)) this.socket.pause();
  }

  end(): void {
    this.requestComplete = true;
    const body = this.#body;
    this.#body = null;
    body?.push(null);
  }

  responseDone(keepAlive: boolean): void {
    this.#res = null;
    this.#quiet = 0;
    // (A response never keeps the connection while its request is unread: see H1Response.)
    if (!keepAlive || this.#closing || !this.requestComplete) {
      socketOff(this.socket, this.#onData);
      this.socket.end();
      return;
    }
    this.#next();
  }

  /** Both sides of an exchange ended: read the next request. */
  #next(): void {
    if (this.socket.destroyed) return;
    this.#parser.reset();
    const pending = this.#pending;
    this.#pending = null;
    if (this.socket.isPaused()) this.socket.resume();
    if (pending !== null) this.#read(pending);
  }

  /**
   * A refused request: answered on the socket by the server, which then closes it — or, with
   * a request in the pipeline (a malformed body), its body fails and the pipeline answers.
   */
  #refuse(error: RequestParseError): void {
    socketOff(this.socket, this.#onData);
    const body = this.#body;
    if (this.#res === null) this.handlers.clientError(error, this.socket);
    else if (body !== null) {
      this.#body = null;
      failBody(body, error);
    } else this.socket.destroy();
  }

  #closed(): void {
    const body = this.#body;
    this.#body = null;
    if (body !== null && !this.requestComplete) failBody(body, new ClientGoneError());
    this.#res?.connectionLost();
  }
}

function socketOff(socket: Socket, onData: (chunk: Buffer) => void): void {
  socket.removeListener("data", onData);
  socket.pause();
}

/** Ends a request body with `error`, told only to a reader that listens for errors (as Node). */
function failBody(body: Readable, error: Error): void {
  body.destroy(body.listenerCount("error") > 0 ? error : undefined);
}
