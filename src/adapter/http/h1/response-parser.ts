// An incremental HTTP/1.1 response parser for the adapter's own upstream connections
// (RFC 9112). Strict where a lenient reading could let a backend desynchronise the connection:
// a response with both Content-Length and Transfer-Encoding, conflicting lengths, obsolete
// line folding, or a bad chunk size is an error and the connection is not reused.

import { ChunkedDecoder } from "./chunked-decoder.js";
import { isFieldValue, isToken, trimOws } from "./fields.js";

/** Largest response head, bytes. */
export const MAX_RESPONSE_HEAD_BYTES = 64 * 1024;
/** Most response header fields. */
export const MAX_RESPONSE_HEADERS = 256;

/**
 * What the parser reports; `head` may be called for 1xx responses before the final one.
 * Fields are flat [name, value, …] lists in arrival order, names as sent, already validated
 * (token names, values without control characters): the relay copies them without a second look.
 */
export interface ResponseEvents {
  head(status: number, reason: string, fields: string[]): void;
  data(chunk: Buffer): void;
  end(trailers: string[], keepAlive: boolean): void;
}

/** A response that cannot be read safely. */
export class ResponseParseError extends Error {
  readonly code = "BATON_BAD_RESPONSE";
}

const enum State {
  Head,
  Length,
  Chunked,
  UntilClose,
  Done,
}

const CRLF_CRLF = Buffer.from("\r\n\r\n");
const NO_FIELDS: string[] = [];

/** Parses one response of one request (`noBody`: a HEAD request), fed chunk by chunk. */
export class ResponseParser {
  #state = State.Head;
  #buffer: Buffer | null = null;
  #left = 0;
  #keepAlive = true;
  #trailers: string[] = NO_FIELDS;
  #chunked: ChunkedDecoder | null = null;

  constructor(
    readonly events: ResponseEvents,
    readonly noBody: boolean,
  ) {}

  /** True once the response ended. */
  get done(): boolean {
    return this.#state === State.Done;
  }

  /** Feeds bytes; returns the bytes past the end of the response (a misbehaving backend). */
  push(chunk: Buffer): Buffer | null {
    let data = this.#buffer === null ? chunk : Buffer.concat([this.#buffer, chunk]);
    this.#buffer = null;
    while (data.length > 0 && this.#state !== State.Done) {
      switch (this.#state) {
        case State.Head: {
          const end = data.indexOf(CRLF_CRLF);
          if (end < 0) {
            if (data.length > MAX_RESPONSE_HEAD_BYTES)
              throw new ResponseParseError("response head too large");
            this.#buffer = data;
            return null;
          }
          const text = data.toString("latin1", 0, end);
          data = data.subarray(end + 4);
          this.#head(text);
          break;
        }
        case State.Length: {
          const n = Math.min(this.#left, data.length);
          this.events.data(n === data.length ? data : data.subarray(0, n));
          this.#left -= n;
          data = data.subarray(n);
          if (this.#left === 0) this.#finish();
          break;
        }
        case State.Chunked: {
          const chunked = this.#chunked as ChunkedDecoder;
          const rest = chunked.push(data);
          data = rest ?? data.subarray(data.length);
          if (chunked.done) {
            this.#trailers = parseFields(chunked.trailerLines, 0, null);
            this.#finish();
          }
          break;
        }
        case State.UntilClose:
          this.events.data(data);
          data = data.subarray(data.length);
          break;
      }
    }
    return this.#state === State.Done && data.length > 0 ? data : null;
  }

  /** The backend closed the connection: ends a close-delimited body, else the response is cut. */
  close(): void {
    if (this.#state === State.UntilClose) {
      this.#keepAlive = false;
      this.#finish();
      return;
    }
    if (this.#state !== State.Done)
      throw new ResponseParseError("the backend closed the connection mid-response");
  }

  #head(text: string): void {
    const lines = text.split("\r\n");
    const line = lines[0] as string;
    // `HTTP/1.x NNN[ reason]`
    const minor = line.charCodeAt(7) - 0x30;
    const status = Number(line.slice(9, 12));
    if (
      !line.startsWith("HTTP/1.") ||
      (minor !== 0 && minor !== 1) ||
      line.charCodeAt(8) !== 0x20 ||
      !/^\d{3}$/.test(line.slice(9, 12)) ||
      (line.length > 12 && line.charCodeAt(12) !== 0x20)
    )
      throw new ResponseParseError(`bad status line '${line.slice(0, 80)}'`);
    const reason = line.length > 13 ? line.slice(13) : "";
    const framing: Framing = { connection: "", te: null, cl: null };
    const fields = parseFields(lines, 1, framing);
    if (status < 200) {
      if (status === 101) throw new ResponseParseError("unexpected 101 on a non-upgrade request");
      this.events.head(status, reason, fields);
      return; // informational: the final head follows
    }
    const connection = framing.connection;
    this.#keepAlive =
      connection === ""
        ? minor === 1
        : minor === 1
          ? !/\bclose\b/.test(connection)
          : /\bkeep-alive\b/.test(connection);
    const { te, cl } = framing;
    this.events.head(status, reason, fields);
    if (this.noBody || status === 204 || status === 304) return this.#finish();
    if (te !== null) {
      if (cl !== null) throw new ResponseParseError("both Content-Length and Transfer-Encoding");
      const codings = te.split(",").map((s) => s.trim());
      if (codings.at(-1) === "chunked") {
        this.#chunked = new ChunkedDecoder(
          (chunk) => this.events.data(chunk),
          (message) => new ResponseParseError(message),
          MAX_RESPONSE_HEAD_BYTES,
        );
        this.#state = State.Chunked;
      } else {
        this.#keepAlive = false;
        this.#state = State.UntilClose;
      }
      return;
    }
    if (cl !== null) {
      this.#left = contentLength(cl);
      if (this.#left === 0) return this.#finish();
      this.#state = State.Length;
      return;
    }
    this.#keepAlive = false;
    this.#state = State.UntilClose;
  }

  #finish(): void {
    this.#state = State.Done;
    this.events.end(this.#trailers, this.#keepAlive);
  }
}

/** The framing fields of a response head, lower-cased and joined as lists. */
interface Framing {
  connection: string;
  te: string | null;
  cl: string | null;
}

/**
 * Header fields from `lines[from…]` as a flat [name, value, …] list, each validated; with
 * `framing`, Connection, Transfer-Encoding and Content-Length are collected on the way (by
 * name length first: most fields are none of them and need no lower-casing).
 */
function parseFields(lines: readonly string[], from: number, framing: Framing | null): string[] {
  if (lines.length - from > MAX_RESPONSE_HEADERS)
    throw new ResponseParseError("too many response headers");
  const out: string[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "") continue;
    const colon = line.indexOf(":");
    const value = colon > 0 && isToken(line, 0, colon) ? trimOws(line, colon + 1) : null;
    if (value === null || !isFieldValue(value))
      throw new ResponseParseError(`bad header line '${line.slice(0, 80)}'`);
    const name = line.slice(0, colon);
    out.push(name, value);
    if (framing === null) continue;
    switch (colon) {
      case 10:
        if (name.toLowerCase() === "connection") framing.connection += `,${value.toLowerCase()}`;
        break;
      case 14:
        if (name.toLowerCase() === "content-length")
          framing.cl = framing.cl === null ? value : `${framing.cl},${value}`;
        break;
      case 17:
        if (name.toLowerCase() === "transfer-encoding")
          framing.te =
            framing.te === null ? value.toLowerCase() : `${framing.te},${value.toLowerCase()}`;
        break;
    }
  }
  return out;
}

/** The one length that every Content-Length value (repeated or listed) agrees on. */
function contentLength(cl: string): number {
  if (/^\d{1,15}$/.test(cl)) return Number(cl);
  const lengths = new Set(cl.split(",").map((v) => v.trim()));
  const [only] = lengths;
  if (lengths.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only))
    throw new ResponseParseError(`bad Content-Length '${cl}'`);
  return Number(only);
}
