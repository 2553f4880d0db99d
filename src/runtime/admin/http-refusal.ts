import type { BatonError } from "../../common/index.js";

/** A request refused before any handler ran: the HTTP status and the error to send. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: BatonError,
    /** Extra response headers, e.g. `allow` with a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(error.message);
    this.name = "HttpRefusal";
  }
}
