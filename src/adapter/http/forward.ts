import type { Readable } from "node:stream";
import { rewriteResponseFields } from "./hop-headers.js";
import { fieldValue, fieldsRecord } from "./h1/fields.js";
import { FaultScanner, isSoapMediaType, type SoapFault } from "../protocols/soap/index.js";
import type { ExchangeController, ExchangeHandler, H1Pool } from "./h1/h1-pool.js";
import type { H1Response } from "./h1/h1-response.js";
import type { Sweeper, Swept } from "../sweeper.js";

/** Why the adapter ended an attempt itself. */
export type ExpiryReason = "deadline" | "idle" | "client_gone";

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
  /** A SOAP Fault found in the relayed body (SOAP nodes only), or null. */
  readonly fault: SoapFault | null;
}

/** Error codes meaning the request never reached the backend (safe to retry any method). */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "BATON_CONNECT_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

/** The error's code (`ECONNREFUSED`, `UND_ERR_…`, `BATON_…`), or "". */
export function errorCode(error: Error | null): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

/** An attempt the adapter ended itself. */
export class AttemptExpired extends Error {
  readonly code: string;
  constructor(readonly reason: ExpiryReason | "retry_status") {
    super(
      reason === "deadline"
        ? "the backend did not answer before the request deadline"
        : reason === "idle"
          ? "the response body stalled"
          : reason === "client_gone"
            ? "the client closed the connection"
            : "retrying a 5xx answer",
    );
    this.code = `BATON_${reason.toUpperCase()}`;
  }
}

/** What to send the backend. */
export interface RelayRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: string[];
  readonly body: Readable | null;
  /** Monotonic ms by which the response headers must arrive (the request's deadline). */
  readonly deadlineMs: number;
  /** Longest quiet gap inside the response body, ms. */
  readonly idleLimitMs: number;
  /** Look for a SOAP Fault in XML responses (SOAP nodes). */
  readonly scanFaults: boolean;
}

/**
 * Relays one backend response to the client as it arrives: status and headers (rewritten at
 * the hop), then body chunks with back-pressure (the backend read pauses while the client's
 * socket is full), then trailers. A failure before the status line leaves the client response
 * untouched for the caller (retry or problem); after it, the client connection is cut.
 * Deadlines, a stalled body and a lost client are noticed by the adapter's sweeper.
 */
class RelayHandler implements ExchangeHandler, Swept {
  queuePrev: Swept | null = null;
  queueNext: Swept | null = null;
  queue: Swept["queue"] = null;
  lastActivityMs: number;
  headersReceived = false;
  readonly deadlineMs: number;
  readonly idleLimitMs: number;
  readonly scanFaults: boolean;
  #controller: ExchangeController | null = null;
  #status = 0;
  #bytesOut = 0;
  #retriedStatus = 0;
  #ended = false;
  #scanner: FaultScanner | null = null;
  readonly #resume = (): void => this.#controller?.resume();

  constructor(
    readonly res: H1Response,
    readonly servedBy: string,
    request: RelayRequest,
    readonly inFlight: Sweeper,
    readonly retryOnStatus: (status: number) => boolean,
    readonly done: (end: AttemptEnd) => void,
  ) {
    this.scanFaults = request.scanFaults;
    this.deadlineMs = request.deadlineMs;
    this.idleLimitMs = request.idleLimitMs;
    this.lastActivityMs = inFlight.clock.monoMs();
    inFlight.add(this);
  }

  /** Ends the attempt when its client is gone, its deadline passed or its body stalled. */
  overdue(nowMs: number): boolean {
    const reason: ExpiryReason | null = this.res.destroyed
      ? "client_gone"
      : !this.headersReceived && nowMs >= this.deadlineMs
        ? "deadline"
        : this.headersReceived && nowMs - this.lastActivityMs >= this.idleLimitMs
          ? "idle"
          : null;
    if (reason === null) return false;
    this.#controller?.abort(new AttemptExpired(reason));
    return true;
  }

  onRequestStart(controller: ExchangeController): void {
    this.#controller = controller;
  }

  onResponseStart(
    controller: ExchangeController,
    statusCode: number,
    fields: string[],
    reason: string,
  ): void {
    if (statusCode < 200) return; // 100/102/103 stay between the adapter and the backend
    if (this.retryOnStatus(statusCode)) {
      // A retryable 5xx is dropped unseen: the caller tries again (Envoy `retry_on: 5xx`).
      this.#retriedStatus = statusCode;
      controller.abort(new AttemptExpired("retry_status"));
      return;
    }
    this.headersReceived = true;
    this.#status = statusCode;
    if (this.scanFaults && isSoapMediaType(fieldValue(fields, "content-type")))
      this.#scanner = new FaultScanner();
    this.res.writeHeadFields(statusCode, reason, rewriteResponseFields(fields, this.servedBy));
  }

  onResponseData(controller: ExchangeController, chunk: Buffer): void {
    if (this.res.destroyed) {
      // The client is gone: nobody reads the rest, so the backend connection is not held.
      controller.abort(new AttemptExpired("client_gone"));
      return;
    }
    this.#bytesOut += chunk.length;
    this.#scanner?.push(chunk);
    this.lastActivityMs = this.inFlight.clock.monoMs();
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.onceDrain(this.#resume);
    }
  }

  onResponseEnd(_controller: ExchangeController, trailers: string[]): void {
    if (trailers.length > 0) this.res.addTrailers(fieldsRecord(trailers));
    this.res.end();
    this.#finish(null);
  }

  onResponseError(_controller: ExchangeController, error: Error): void {
    if (this.#status !== 0) this.res.destroy(); // mid-body: a truncated body must not look whole
    this.#finish(error);
  }

  #finish(error: Error | null): void {
    if (this.#ended) return;
    this.#ended = true;
    this.inFlight.remove(this);
    this.done({
      status: this.#status,
      bytesOut: this.#bytesOut,
      error,
      notSent: error !== null && NOT_SENT_CODES.has(errorCode(error)),
      retriedStatus: this.#retriedStatus,
      fault: this.#scanner?.result() ?? null,
    });
  }
}

/** Sends one attempt to `pool` and relays its response to `res`; `done` is called once. */
export function relay(
  pool: H1Pool,
  request: RelayRequest,
  res: H1Response,
  servedBy: string,
  inFlight: Sweeper,
  retryOnStatus: (status: number) => boolean,
  done: (end: AttemptEnd) => void,
): void {
  const handler = new RelayHandler(res, servedBy, request, inFlight, retryOnStatus, done);
  pool.dispatch(request, handler);
}
