// An incremental HTTP/1.1 request parser for the adapter's client side (RFC 9112), strict
// wherever a lenient reading lets a client smuggle a second request past the proxy: both
// Content-Length and Transfer-Encoding, repeated or malformed lengths, a coding other than a
// final `chunked`, bare LF line ends, obsolete folding, a space before the colon, control
// characters in names, values or the target, a missing or repeated Host — all refused.

import { ChunkedDecoder, hasBareLf } from "./chunked-decoder.js";
import { isToken, splitField } from "./fields.js";

/** Why a request was refused before it reached the pipeline; `status` is the answer. */
export class RequestParseError extends Error {
  readonly code: string;
  constructor(
    readonly status: 400 | 405 | 408 | 417 | 431 | 501 | 505,
    message: string,
  ) {
    super(message);
    this.code = status === 431 ? "BATON_HEADERS_TOO_LARGE" : "BATON_BAD_REQUEST";
  }
}

/** A parsed request head. */
export interface RequestHead {
  readonly method: string;
  /** The request target as sent (origin, absolute or asterisk form). */
  readonly url: string;
  /** HTTP/1.`minor`: 0 or 1. */
  readonly minor: number;
  /** Flat [name, value, …] in arrival order, names as sent. */
  readonly rawHeaders: string[];
  /** The Content-Length, or -1 when the body is chunked or absent. */
  readonly contentLength: number;
  readonly chunked: boolean;
  /** The client wants the connection kept after this exchange. */
  readonly keepAlive: boolean;
  /** An Upgrade handshake (`Upgrade` named in `Connection`): the socket is handed over. */
  readonly upgrade: boolean;
  readonly expectContinue: boolean;
}

/** What the parser reports, in order: one head, body bytes, one end. */
export interface RequestEvents {
  head(head: RequestHead): void;
  body(chunk: Buffer): void;
  end(): void;
}

const enum State {
  Head,
  Length,
  Chunked,
  Done,
}

const CRLF_CRLF = Buffer.from("\r\n\r\n");

/** Parses the requests of one connection, one at a time (`reset` between them). */
export class RequestParser {
  #state = State.Head;
  #buffer: Buffer | null = null;
  #left = 0;
  #chunked: ChunkedDecoder | null = null;

  constructor(
    readonly events: RequestEvents,
    /** Request line and header block limit, bytes (431 beyond). */
    readonly maxHeadBytes: number,
  ) {}

  /** True once the current request has ended (its body included). */
  get done(): boolean {
    return this.#state === State.Done;
  }

  /** True while nothing of a request head has arrived. */
  get idle(): boolean {
    return this.#state === State.Head && this.#buffer === null;
  }

  /** Ready for the next request on the connection. */
  reset(): void {
    this.#state = State.Head;
    this.#chunked = null;
  }

  /**
   * Feeds bytes. Returns the bytes past the end of the current request (a pipelined request,
   * or the first bytes of an upgraded protocol), else null. Throws RequestParseError.
   */
  push(chunk: Buffer): Buffer | null {
    let data = this.#buffer === null ? chunk : Buffer.concat([this.#buffer, chunk]);
    this.#buffer = null;
    while (data.length > 0 && this.#state !== State.Done) {
      switch (this.#state) {
        case State.Head: {
          let start = 0; // RFC 9112 §2.2: empty lines before a request line are ignored
          while (data[start] === 0x0d && data[start + 1] === 0x0a) start += 2;
          if (start === data.length) return null;
          const end = data.indexOf(CRLF_CRLF, start);
          // The limit counts the head without its final CRLF CRLF, however the bytes arrive.
          if (end < 0 || end - start > this.maxHeadBytes) {
            if (Math.min(end < 0 ? Infinity : end, data.length - 3) - start > this.maxHeadBytes)
              throw new RequestParseError(431, "the request header block is too large");
            if (hasBareLf(data)) throw new RequestParseError(400, "bare LF in the request head");
            this.#buffer = data.subarray(start);
            return null;
          }
          const head = this.#head(data.toString("latin1", start, end));
          data = data.subarray(end + 4);
          this.events.head(head);
          if (head.upgrade || head.method === "CONNECT") this.#state = State.Done;
          else if (head.chunked) {
            this.#chunked = new ChunkedDecoder(
              (b) => this.events.body(b),
              (message) => new RequestParseError(400, message),
              this.maxHeadBytes,
            );
            this.#state = State.Chunked;
          } else if (head.contentLength > 0) {
            this.#left = head.contentLength;
            this.#state = State.Length;
          } else this.#end();
          break;
        }
        case State.Length: {
          const n = Math.min(this.#left, data.length);
          this.events.body(n === data.length ? data : data.subarray(0, n));
          this.#left -= n;
          data = data.subarray(n);
          if (this.#left === 0) this.#end();
          break;
        }
        case State.Chunked: {
          const chunked = this.#chunked as ChunkedDecoder;
          const rest = chunked.push(data);
          data = rest ?? data.subarray(data.length);
          if (chunked.done) {
            for (const line of chunked.trailerLines)
              if (splitField(line) === null)
                throw new RequestParseError(400, `bad trailer line '${line.slice(0, 80)}'`);
            this.#end();
          }
          break;
        }
      }
    }
    return this.#state === State.Done && data.length > 0 ? data : null;
  }

  #end(): void {
    this.#state = State.Done;
    this.events.end();
  }

  #head(text: string): RequestHead {
    const lines = text.split("\r\n");
    const line = lines[0] as string;
    const sp1 = line.indexOf(" ");
    const sp2 = sp1 < 0 ? -1 : line.indexOf(" ", sp1 + 1);
    if (sp2 < 0 || !isToken(line, 0, sp1) || !isTarget(line, sp1 + 1, sp2))
      throw new RequestParseError(400, `malformed request line '${printable(line)}'`);
    const version = line.slice(sp2 + 1);
    if (version !== "HTTP/1.1" && version !== "HTTP/1.0")
      throw /^HTTP\/\d\.\d$/.test(version)
        ? new RequestParseError(505, `${version} is not supported; use HTTP/1.1`)
        : new RequestParseError(400, `malformed request line '${printable(line)}'`);
    const method = line.slice(0, sp1);
    const minor = version === "HTTP/1.1" ? 1 : 0;
    const raw: string[] = [];
    let contentLength = -1;
    let te: string | null = null;
    let connection = "";
    let hosts = 0;
    let upgrade = false;
    let expect: string | null = null;
    for (let i = 1; i < lines.length; i++) {
      const field = splitField(lines[i] as string);
      if (field === null)
        throw new RequestParseError(
          400,
          `malformed header line '${printable(lines[i] as string)}'`,
        );
      const [name, value] = field;
      raw.push(name, value);
      // By length first: most headers are none of these and need no lower-casing.
      switch (name.length) {
        case 4:
          if (name.toLowerCase() === "host") hosts += 1;
          break;
        case 6:
          if (name.toLowerCase() === "expect")
            expect = expect === null ? value.toLowerCase() : `${expect},${value.toLowerCase()}`;
          break;
        case 7:
          if (name.toLowerCase() === "upgrade") upgrade = true;
          break;
        case 10:
          if (name.toLowerCase() === "connection") connection += `,${value.toLowerCase()}`;
          break;
        case 14:
          if (name.toLowerCase() === "content-length") {
            if (contentLength >= 0)
              throw new RequestParseError(400, "more than one Content-Length header");
            if (!/^\d{1,15}$/.test(value))
              throw new RequestParseError(400, `invalid Content-Length '${printable(value)}'`);
            contentLength = Number(value);
          }
          break;
        case 17:
          if (name.toLowerCase() === "transfer-encoding")
            te = te === null ? value.toLowerCase() : `${te},${value.toLowerCase()}`;
          break;
      }
    }
    if (minor === 1 && hosts !== 1)
      throw new RequestParseError(
        400,
        hosts === 0 ? "no Host header" : "more than one Host header",
      );
    if (hosts > 1) throw new RequestParseError(400, "more than one Host header");
    let chunked = false;
    if (te !== null) {
      if (contentLength >= 0)
        throw new RequestParseError(400, "both Content-Length and Transfer-Encoding");
      if (minor === 0) throw new RequestParseError(400, "Transfer-Encoding in an HTTP/1.0 request");
      if (te.trim() !== "chunked")
        throw new RequestParseError(
          501,
          `transfer coding '${printable(te)}' is not supported; send chunked or a Content-Length`,
        );
      chunked = true;
    }
    if (expect !== null && expect !== "100-continue")
      throw new RequestParseError(417, `Expect '${printable(expect)}' is not supported`);
    if (method === "CONNECT") throw new RequestParseError(405, "CONNECT is not proxied");
    const tokens = connection === "" ? [] : connection.split(",").map((t) => t.trim());
    return {
      method,
      url: line.slice(sp1 + 1, sp2),
      minor,
      rawHeaders: raw,
      contentLength: chunked ? -1 : contentLength,
      chunked,
      keepAlive: minor === 1 ? !tokens.includes("close") : tokens.includes("keep-alive"),
      upgrade: upgrade && tokens.includes("upgrade"),
      expectContinue: expect !== null && minor === 1,
    };
  }
}

/** A request target: visible characters only (no space, control character or DEL). */
function isTarget(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c <= 0x20 || c === 0x7f) return false;
  }
  return true;
}

/** `s` shortened and with control characters escaped, for an error message. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.slice(0, 60).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
}
