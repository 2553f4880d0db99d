// The chunked transfer coding (RFC 9112 §7.1), decoded incrementally for both directions.
// Strict: a chunk size is 1–8 hex digits, extensions hold no control characters, every chunk
// ends in CRLF, and lines end in CRLF (a bare LF is refused: lenient readers disagree on it).

// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const SIZE_LINE = /^([0-9a-fA-F]{1,8})[ \t]*(?:;[^\x00-\x08\x0a-\x1f\x7f]*)?$/;
/** Longest chunk-size line (with extensions), bytes. */
const MAX_SIZE_LINE = 4096;

const enum State {
  Size,
  Data,
  DataEnd,
  Trailers,
  Done,
}

/** Decodes one chunked body, fed chunk by chunk; body bytes go to `onData`. */
export class ChunkedDecoder {
  #state = State.Size;
  #left = 0;
  #buffer: Buffer | null = null;
  /** The trailer section's lines ("name: value"), once done. */
  trailerLines: string[] = [];

  constructor(
    readonly onData: (chunk: Buffer) => void,
    /** Makes the error thrown for a malformed body. */
    readonly fail: (message: string) => Error,
    readonly maxTrailerBytes: number,
  ) {}

  get done(): boolean {
    return this.#state === State.Done;
  }

  /** Decodes `chunk`; returns the bytes after the body's end once it ended, else null. */
  push(chunk: Buffer): Buffer | null {
    let data = this.#buffer === null ? chunk : Buffer.concat([this.#buffer, chunk]);
    this.#buffer = null;
    while (data.length > 0 && this.#state !== State.Done) {
      switch (this.#state) {
        case State.Size: {
          const eol = data.indexOf("\r\n");
          if (eol < 0) return this.#wait(data, MAX_SIZE_LINE + 1, "chunk size line too long");
          if (eol > MAX_SIZE_LINE) throw this.fail("chunk size line too long");
          const line = data.toString("latin1", 0, eol);
          const m = SIZE_LINE.exec(line);
          if (m === null) throw this.fail(`bad chunk size line '${line.slice(0, 40)}'`);
          this.#left = Number.parseInt(m[1] as string, 16);
          data = data.subarray(eol + 2);
          this.#state = this.#left === 0 ? State.Trailers : State.Data;
          break;
        }
        case State.Data: {
          const n = Math.min(this.#left, data.length);
          this.onData(data.subarray(0, n));
          this.#left -= n;
          data = data.subarray(n);
          if (this.#left === 0) this.#state = State.DataEnd;
          break;
        }
        case State.DataEnd: {
          if (data[0] !== 0x0d || (data.length > 1 && data[1] !== 0x0a))
            throw this.fail("chunk not followed by CRLF");
          if (data.length < 2) return this.#wait(data, 2, "");
          data = data.subarray(2);
          this.#state = State.Size;
          break;
        }
        case State.Trailers: {
          if (data[0] === 0x0d && data.length > 1 && data[1] === 0x0a) {
            data = data.subarray(2);
            this.#state = State.Done;
            break;
          }
          const end = data.indexOf("\r\n\r\n");
          if (end < 0) {
            if (hasBareLf(data)) throw this.fail("bare LF in the trailer section");
            // (Up to 3 bytes of the final CRLF CRLF may be here already.)
            return this.#wait(data, this.maxTrailerBytes + 3, "trailer section too large");
          }
          if (end > this.maxTrailerBytes) throw this.fail("trailer section too large");
          if (hasBareLf(data.subarray(0, end))) throw this.fail("bare LF in the trailer section");
          this.trailerLines = data.toString("latin1", 0, end).split("\r\n");
          data = data.subarray(end + 4);
          this.#state = State.Done;
          break;
        }
      }
    }
    return this.#state === State.Done && data.length > 0 ? data : null;
  }

  #wait(data: Buffer, max: number, tooLong: string): null {
    if (data.length > max) throw this.fail(tooLong);
    this.#buffer = data;
    return null;
  }
}

/** Whether `data` holds an LF not preceded by CR. */
export function hasBareLf(data: Buffer): boolean {
  for (let i = data.indexOf(0x0a); i >= 0; i = data.indexOf(0x0a, i + 1))
    if (i === 0 || data[i - 1] !== 0x0d) return true;
  return false;
}
