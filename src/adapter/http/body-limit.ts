import { Transform, type TransformCallback } from "node:stream";

/** A request body passed more bytes than the node allows. */
export class BodyTooLargeError extends Error {
  readonly code = "BATON_BODY_TOO_LARGE";
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/**
 * Passes a body of unknown length (chunked) through, failing with BodyTooLargeError the moment
 * it passes `limit` bytes. Bodies with a Content-Length are checked up front instead.
 */
export class BodyLimit extends Transform {
  #seen = 0;

  constructor(readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.limit) callback(new BodyTooLargeError(this.limit));
    else callback(null, chunk);
  }
}
