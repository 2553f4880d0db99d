import { LinkedQueue, type Clock, type QueueLinks } from "../../common/index.js";

/** How often in-flight requests are checked for their deadline, idle body and lost client, ms. */
export const SWEEP_INTERVAL_MS = 50;

/** Why the sweeper ended a request. */
export type ExpiryReason = "deadline" | "idle" | "client_gone";

/** A request the sweeper watches (the relay of one attempt). */
export interface Watched extends QueueLinks<Watched> {
  /** Monotonic ms by which the backend's response headers must have arrived. */
  readonly deadlineMs: number;
  /** Longest quiet gap inside the response body, ms. */
  readonly idleLimitMs: number;
  /** Monotonic ms of the last response byte (or of the start). */
  lastActivityMs: number;
  /** The response headers arrived: the deadline no longer applies, the idle limit does. */
  headersReceived: boolean;
  /** True when the client connection is gone. */
  clientGone(): boolean;
  expire(reason: ExpiryReason): void;
}

/**
 * The deadlines of an adapter's in-flight requests, checked by one coarse timer instead of a
 * timer per request (a timer per request costs more than the rest of the proxy's own work):
 * a 504 comes at most one sweep interval late. The timer runs only while requests are in
 * flight, and never keeps the process alive.
 */
export class InFlight {
  readonly #watched = new LinkedQueue<Watched>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    readonly clock: Clock,
    readonly intervalMs = SWEEP_INTERVAL_MS,
  ) {}

  get size(): number {
    return this.#watched.size;
  }

  add(w: Watched): void {
    this.#watched.push(w);
    if (this.#timer === null) {
      this.#timer = setInterval(() => this.sweep(this.clock.monoMs()), this.intervalMs);
      this.#timer.unref();
    }
  }

  remove(w: Watched): void {
    this.#watched.delete(w);
  }

  /** Ends what is overdue at `nowMs`; stops the timer once nothing is in flight. */
  sweep(nowMs: number): void {
    for (let w = this.#watched.head; w !== null;) {
      const next: Watched | null = w.queueNext;
      if (w.clientGone()) this.#end(w, "client_gone");
      else if (!w.headersReceived && nowMs >= w.deadlineMs) this.#end(w, "deadline");
      else if (w.headersReceived && nowMs - w.lastActivityMs >= w.idleLimitMs) this.#end(w, "idle");
      w = next;
    }
    if (this.#watched.size === 0 && this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }

  /** Stops the timer (the adapter is closing). */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #end(w: Watched, reason: ExpiryReason): void {
    this.#watched.delete(w);
    w.expire(reason);
  }
}
