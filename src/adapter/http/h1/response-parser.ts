// An incremental HTTP/1.1 response parser for the adapter's own upstream connections
// (RFC 9112). Strict where a lenient reading could let a backend desynchronise the connection:
// a response with both Content-Length and Transfer-Encoding, conflicting lengths, obsolete
// line folding, or a bad chunk size is an error and the connection is not reused.

import { ChunkedDecoder } from "./chunked-decoder.js";
import { splitField } from "./fields.js";

/** Largest response head, bytes. */
export const MAX_RESPONSE_HEAD_BYTES = 64 * 1024;
/** Most response header fields. */
export const MAX_RESPONSE_HEADERS = 256;

/** What the parser reports; `head` may be called for 1xx responses before the final one. */
export interface ResponseEvents {
  head(status: number, reason: string, headers: Record<string, string | string[]>): void;
  data(chunk: Buffer): void;
  end(trailers: Record<string, string | string[]>, keepAlive: boolean): void;
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

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/;

/** Parses one response of one request (`noBody`: a HEAD request), fed chunk by chunk. */
export class ResponseParser {
  #state = State.Head;
  #buffer: Buffer | null = null;
  #left = 0;
  #keepAlive = true;
  #trailers: Record<string, string | string[]> = {};
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
          const end = data.indexOf("\r\n\r\n");
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
          this.events.data(data.subarray(0, n));
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
            this.#trailers = parseFields(chunked.trailerLines, 0);
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
    const m = STATUS_LINE.exec(lines[0] ?? "");
    if (m === null)
      throw new ResponseParseError(`bad status line '${(lines[0] ?? "").slice(0, 80)}'`);
    const minor = m[1] as string;
    const status = Number(m[2]);
    const headers = parseFields(lines, 1);
    if (status < 200) {
      if (status === 101) throw new ResponseParseError("unexpected 101 on a non-upgrade request");
      this.events.head(status, m[3] ?? "", headers);
      return; // informational: the final head follows
    }
    const connection = String(headers["connection"] ?? "").toLowerCase();
    this.#keepAlive =
      minor === "1" ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    const te = headers["transfer-encoding"];
    const cl = headers["content-length"];
    this.events.head(status, m[3] ?? "", headers);
    if (this.noBody || status === 204 || status === 304) return this.#finish();
    if (te !== undefined) {
      if (cl !== undefined)
        throw new ResponseParseError("both Content-Length and Transfer-Encoding");
      const codings = String(te)
        .toLowerCase()
        .split(",")
        .map((s) => s.trim());
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
    if (cl !== undefined) {
      const values = Array.isArray(cl) ? cl : String(cl).split(",");
      const lengths = new Set(values.map((v) => v.trim()));
      const [only] = lengths;
      if (lengths.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only))
        throw new ResponseParseError(`bad Content-Length '${String(cl)}'`);
      this.#left = Number(only);
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

/** Header fields from `lines[from…]`: lower-case names, repeated ones as arrays. */
function parseFields(lines: readonly string[], from: number): Record<string, string | string[]> {
  if (lines.length - from > MAX_RESPONSE_HEADERS)
    throw new ResponseParseError("too many response headers");
  const out: Record<string, string | string[]> = {};
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "") continue;
    const field = splitField(line);
    if (field === null) throw new ResponseParseError(`bad header line '${line.slice(0, 80)}'`);
    const [name, value] = field;
    const key = name.toLowerCase();
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
