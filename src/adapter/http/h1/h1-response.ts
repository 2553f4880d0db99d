import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { isFieldValue, isToken } from "./fields.js";

/** Header values as a response takes them: repeated fields as arrays. */
export type ResponseHeaders = Record<string, string | number | readonly string[] | undefined>;

/** What a response needs from its connection. */
export interface ResponseOwner {
  readonly socket: Socket;
  /** The request has been read to its end (the connection can be reused). */
  readonly requestComplete: boolean;
  /** The server is shutting down (no connection is kept). */
  readonly closing: boolean;
  /** The response was written to its end (`keepAlive`: the connection may take another). */
  responseDone(keepAlive: boolean): void;
}

/** A response header set by a handler is refused: the handler, not the client, erred. */
export class InvalidHeaderError extends Error {
  readonly code = "BATON_INVALID_HEADER";
}

const enum Framing {
  /** HEAD, 204, 304: no body whatever is written. */
  None,
  Length,
  Chunked,
  /** An HTTP/1.0 client and no Content-Length: the body ends when the connection closes. */
  Close,
}

/**
 * One HTTP/1.1 response written straight to the client socket. The head is sent with the first
 * body bytes (one write for a small response); the body is framed by the Content-Length given,
 * else chunked (HTTP/1.1 clients) or closed (HTTP/1.0). Connection-level headers are the
 * response's own: a handler's `Connection` / `Transfer-Encoding` never reach the wire.
 */
export class H1Response {
  statusCode = 200;
  #reason: string | undefined;
  /** Headers set one by one (`setHeader`), lower-case names. */
  #headers: ResponseHeaders | null = null;
  /** Headers given to `writeHead`: they win over `setHeader` ones of the same name. */
  #given: ResponseHeaders | null = null;
  /** Fields given to `writeHeadFields`: a flat list, already validated. */
  #fields: readonly string[] | null = null;
  /** The head is decided (writeHead called or the first write). */
  #headDecided = false;
  headersSent = false;
  finished = false;
  #framing = Framing.Length;
  #keepAlive: boolean;
  #trailers: ResponseHeaders | null = null;
  #onClose: (() => void) | null = null;
  /** A Content-Length is among the headers (seen while the head is built). */
  #hasLength = false;
  /** The body's length when all of it is given to `end` (no Content-Length was set). */
  #endLength: number | null = null;
  /** Body bytes written so far. */
  bytesWritten = 0;
  /** Sees every body chunk written (the adapter scans SOAP answers for Faults). */
  bodyTap: ((chunk: Buffer | string) => void) | null = null;

  constructor(
    readonly owner: ResponseOwner,
    keepAlive: boolean,
    readonly minor: number,
    readonly headRequest: boolean,
  ) {
    this.#keepAlive = keepAlive;
  }

  /** The client's connection is gone. */
  get destroyed(): boolean {
    return this.owner.socket.destroyed;
  }

  /** The client's address. */
  get remoteAddress(): string {
    return this.owner.socket.remoteAddress ?? "";
  }

  /** Sets one header before the head is written (names are case-insensitive on the wire). */
  setHeader(name: string, value: string | number | readonly string[]): void {
    if (this.#headDecided) throw new InvalidHeaderError("headers already sent");
    (this.#headers ??= {})[name.toLowerCase()] = value;
  }

  /** Decides the status and headers; they are sent with the first body bytes or at `end`. */
  writeHead(status: number, reason?: string | ResponseHeaders, headers?: ResponseHeaders): this {
    if (this.headersSent) throw new InvalidHeaderError("headers already sent");
    if (typeof reason === "object") [reason, headers] = [undefined, reason];
    this.statusCode = status;
    this.#reason = reason;
    if (headers !== undefined) this.#given = headers;
    this.#headDecided = true;
    return this;
  }

  /**
   * `writeHead` with fields as a flat [name, value, …] list that a parser already validated (a
   * relayed response): copied to the wire as they are, winning over `setHeader` ones.
   */
  writeHeadFields(status: number, reason: string, fields: readonly string[]): this {
    this.writeHead(status, reason === "" ? undefined : reason);
    const set = this.#headers;
    if (set !== null)
      for (let i = 0; i < fields.length; i += 2) delete set[(fields[i] as string).toLowerCase()];
    this.#fields = fields;
    return this;
  }

  /** `100 Continue`: the client may send the body it held back. */
  writeContinue(): void {
    if (!this.headersSent) this.owner.socket.write("HTTP/1.1 100 Continue\r\n\r\n", "latin1");
  }

  /** Writes body bytes; false when the socket is full (wait for `onceDrain`). */
  write(chunk: Buffer | string): boolean {
    if (this.finished || this.destroyed) return false;
    const socket = this.owner.socket;
    const head = this.#takeHead();
    const size = typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    this.bytesWritten += size;
    this.bodyTap?.(chunk);
    if (this.#framing === Framing.None || size === 0) {
      return head === null ? true : socket.write(head, "latin1");
    }
    // A small first piece goes out with the head as one buffer: one plain write, no writev.
    if (head !== null && this.#framing !== Framing.Chunked && size <= SMALL_BODY_BYTES)
      return socket.write(withHead(head, chunk, size));
    socket.cork();
    if (head !== null) socket.write(head, "latin1");
    let ok: boolean;
    if (this.#framing === Framing.Chunked) {
      socket.write(`${size.toString(16)}\r\n`, "latin1");
      socket.write(chunk);
      ok = socket.write("\r\n", "latin1");
    } else ok = socket.write(chunk);
    socket.uncork();
    return ok;
  }

  /** Trailer fields, sent after a chunked body (dropped for other framings, as HTTP allows). */
  addTrailers(trailers: ResponseHeaders): void {
    this.#trailers = trailers;
  }

  /** Ends the response (with a last piece of body). */
  end(chunk?: Buffer | string): void {
    if (this.finished) return;
    if (this.destroyed) return this.#finish(false);
    const socket = this.owner.socket;
    // The whole body is known when it comes with `end` before anything else: send its length
    // (as Node does) rather than chunked framing.
    if (!this.headersSent)
      this.#endLength =
        chunk === undefined
          ? 0
          : typeof chunk === "string"
            ? Buffer.byteLength(chunk)
            : chunk.length;
    socket.cork();
    if (chunk !== undefined) this.write(chunk);
    const head = this.#takeHead();
    if (head !== null) socket.write(head, "latin1");
    if (this.#framing === Framing.Chunked)
      socket.write(`0\r\n${fieldLines(this.#trailers)}\r\n`, "latin1");
    socket.uncork();
    this.#finish(this.#keepAlive);
  }

  /** Cuts the connection: a response that cannot be completed must not look complete. */
  destroy(): void {
    this.owner.socket.destroy();
    this.#finish(false);
  }

  /** Calls `fn` once the socket can take more. */
  onceDrain(fn: () => void): void {
    this.owner.socket.once("drain", fn);
  }

  /** Calls `fn` once, when the response ended or its connection was lost. */
  onClose(fn: () => void): void {
    this.#onClose = fn;
  }

  /** The connection closed under the response. */
  connectionLost(): void {
    if (!this.finished) this.#finish(false);
  }

  #finish(keepAlive: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.owner.responseDone(keepAlive);
    const fn = this.#onClose;
    this.#onClose = null;
    fn?.();
  }

  /** The head to send now, once; decides the framing and whether the connection stays. */
  #takeHead(): string | null {
    if (this.headersSent) return null;
    let head: string;
    try {
      head = this.#buildHead();
    } catch (error) {
      this.#headers = this.#given = this.#fields = null; // an invalid header: the 500 starts clean
      this.#hasLength = false;
      this.#headDecided = false;
      throw error;
    }
    this.headersSent = true;
    this.#headDecided = true;
    return head;
  }

  /**
   * Appends `headers` to the head, minus those `shadow` also sets (writeHead wins over
   * setHeader).
   */
  #appendFields(head: string, headers: ResponseHeaders, shadow: ResponseHeaders | null): string {
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined || (shadow !== null && hasName(shadow, name))) continue;
      if (this.#framingField(name, value)) head += fieldLine(name, value);
    }
    return head;
  }

  /** Appends validated flat fields as they are. */
  #appendValidFields(head: string, fields: readonly string[]): string {
    for (let i = 0; i < fields.length; i += 2) {
      const name = fields[i] as string;
      const value = fields[i + 1] as string;
      if (this.#framingField(name, value)) head += `${name}: ${value}\r\n`;
    }
    return head;
  }

  /**
   * Notes what a field says about framing; false for Connection and Transfer-Encoding, which
   * are the response's own and never copied. By name length first: most fields are neither.
   */
  #framingField(name: string, value: string | number | readonly string[]): boolean {
    switch (name.length) {
      case 10:
        if (name.toLowerCase() === "connection") {
          if (/\bclose\b/i.test(String(value))) this.#keepAlive = false;
          return false;
        }
        break;
      case 14:
        if (name.toLowerCase() === "content-length") this.#hasLength = true;
        break;
      case 17:
        if (name.toLowerCase() === "transfer-encoding") return false;
        break;
    }
    return true;
  }

  #buildHead(): string {
    const status = this.statusCode;
    const reason = this.#reason ?? STATUS_CODES[status] ?? "Unknown";
    let head = `HTTP/1.1 ${status} ${reason}\r\n`;
    const given = this.#given;
    const set = this.#headers;
    const fields = this.#fields;
    if (fields !== null) head = this.#appendValidFields(head, fields);
    if (given !== null) head = this.#appendFields(head, given, null);
    if (set !== null) head = this.#appendFields(head, set, given);
    const hasLength = this.#hasLength;
    const endLength = this.#endLength;
    if (this.headRequest || status === 204 || status === 304 || status < 200)
      this.#framing = Framing.None;
    else if (hasLength) this.#framing = Framing.Length;
    else if (endLength !== null) {
      this.#framing = Framing.Length;
      head += `content-length: ${endLength}\r\n`;
    } else if (this.minor === 1) {
      this.#framing = Framing.Chunked;
      head += "transfer-encoding: chunked\r\n";
    } else {
      this.#framing = Framing.Close;
      this.#keepAlive = false;
    }
    // A request still arriving cannot be skipped to reach the next one: close after this one.
    if (!this.owner.requestComplete || this.owner.closing) this.#keepAlive = false;
    if (!this.#keepAlive) head += "connection: close\r\n";
    else if (this.minor === 0) head += "connection: keep-alive\r\n";
    return `${head}\r\n`;
  }
}

/** Bodies up to this size are copied behind their head and sent in one write. */
const SMALL_BODY_BYTES = 16 * 1024;

/** `head` and the first `size` body bytes in one buffer. */
function withHead(head: string, chunk: Buffer | string, size: number): Buffer {
  const headBytes = head.length; // latin1: one byte per character
  const out = Buffer.allocUnsafe(headBytes + size);
  out.write(head, 0, "latin1");
  if (typeof chunk === "string") out.write(chunk, headBytes);
  else chunk.copy(out, headBytes);
  return out;
}

/** Whether `headers` has `lowerName`, in any letter case. */
function hasName(headers: ResponseHeaders, lowerName: string): boolean {
  if (lowerName in headers) return true;
  for (const name in headers) if (name.toLowerCase() === lowerName) return true;
  return false;
}

/** `name: value\r\n` lines for one header (one per value of an array). */
function fieldLine(name: string, value: string | number | readonly string[]): string {
  if (!isToken(name)) throw new InvalidHeaderError(`invalid header name '${name.slice(0, 40)}'`);
  if (typeof value === "number") return `${name}: ${value}\r\n`;
  if (typeof value === "string") {
    if (!isFieldValue(value)) throw new InvalidHeaderError(`invalid value for header '${name}'`);
    return `${name}: ${value}\r\n`;
  }
  let out = "";
  for (const v of value) out += fieldLine(name, v);
  return out;
}

function fieldLines(headers: ResponseHeaders | null): string {
  let out = "";
  if (headers !== null)
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) out += fieldLine(name, value);
    }
  return out;
}
