import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { forwardResponseHeaders, rawToStrings } from "./hop-headers.js";

/** How one attempt against a backend ended. */
export interface AttemptEnd {
  /** Status sent to the client by this attempt; 0 when it sent nothing. */
  readonly status: number;
  /** Response body bytes written to the client. */
  readonly bytesOut: number;
  /** The failure, or null when the response was relayed to its end. */
  readonly error: Error | null;
  /** No byte of the request reached the backend (the connection was never made). */
  readonly notSent: boolean;
  /** The backend's 5xx status that was dropped for a retry, or 0. */
  readonly retriedStatus: number;
}

/** Error codes meaning the request never reached the backend (safe to retry any method). */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

/** The error's code (`ECONNREFUSED`, `UND_ERR_…`), or "". */
export function errorCode(error: Error | null): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

/**
 * Relays one backend response to the client as it arrives: status and headers (rewritten at
 * the hop), then body chunks with back-pressure (the backend read pauses while the client's
 * socket is full), then trailers. A failure before the status line leaves the client response
 * untouched for the caller (retry or problem); after it, the client connection is cut.
 */
class RelayHandler implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | null = null;
  #status = 0;
  #bytesOut = 0;
  #ended = false;
  readonly #resume = (): void => this.#controller?.resume();
  readonly #onClientClose = (): void => {
    if (!this.#ended) this.#controller?.abort(new ClientGoneError());
  };

  #retriedStatus = 0;

  constructor(
    readonly res: ServerResponse,
    readonly servedBy: string,
    readonly retryOnStatus: (status: number) => boolean,
    readonly done: (end: AttemptEnd) => void,
  ) {
    res.once("close", this.#onClientClose);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.res.destroyed) controller.abort(new ClientGoneError());
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    _headers: unknown,
    statusMessage?: string,
  ): void {
    if (statusCode < 200) return; // 100/102/103 stay between the adapter and the backend
    if (this.retryOnStatus(statusCode)) {
      // A retryable 5xx is dropped unseen: the caller tries again (Envoy `retry_on: 5xx`).
      this.#retriedStatus = statusCode;
      controller.abort(new RetryStatusError(statusCode));
      return;
    }
    const raw = controller.rawHeaders;
    const list = Array.isArray(raw) ? rawToStrings(raw) : [];
    this.#status = statusCode;
    this.res.writeHead(statusCode, statusMessage, forwardResponseHeaders(list, this.servedBy));
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#bytesOut += chunk.length;
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once("drain", this.#resume);
    }
  }

  onResponseEnd(controller: Dispatcher.DispatchController): void {
    const raw = controller.rawTrailers;
    if (Array.isArray(raw) && raw.length > 0) {
      const list = rawToStrings(raw);
      const trailers: [string, string][] = [];
      for (let i = 0; i < list.length; i += 2)
        trailers.push([list[i] as string, list[i + 1] as string]);
      this.res.addTrailers(trailers);
    }
    this.res.end();
    this.#finish(null);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#status !== 0) this.res.destroy(); // mid-body: a truncated body must not look whole
    this.#finish(error);
  }

  #finish(error: Error | null): void {
    if (this.#ended) return;
    this.#ended = true;
    this.res.off("close", this.#onClientClose);
    this.done({
      status: this.#status,
      bytesOut: this.#bytesOut,
      error,
      notSent: error !== null && NOT_SENT_CODES.has(errorCode(error)),
      retriedStatus: this.#retriedStatus,
    });
  }
}

/** The backend answered a retryable 5xx; the attempt was abandoned to try again. */
export class RetryStatusError extends Error {
  readonly code = "BATON_RETRY_STATUS";
  constructor(readonly status: number) {
    super(`backend answered ${status}`);
  }
}

/** The client went away before the backend answered. */
export class ClientGoneError extends Error {
  readonly code = "BATON_CLIENT_GONE";
  constructor() {
    super("the client closed the connection");
  }
}

/** What to send the backend. */
export interface RelayRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: string[];
  readonly body: Readable | null;
  /** Time to the response headers, ms (the rest of the request's deadline). */
  readonly headersTimeoutMs: number;
  /** Longest quiet gap inside the response body, ms. */
  readonly bodyTimeoutMs: number;
}

/** Sends one attempt to `pool` and relays its response to `res`; `done` is called once. */
export function relay(
  pool: Dispatcher,
  request: RelayRequest,
  res: ServerResponse,
  servedBy: string,
  retryOnStatus: (status: number) => boolean,
  done: (end: AttemptEnd) => void,
): void {
  const handler = new RelayHandler(res, servedBy, retryOnStatus, done);
  pool.dispatch(
    {
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body,
      headersTimeout: request.headersTimeoutMs,
      bodyTimeout: request.bodyTimeoutMs,
    },
    handler,
  );
}
