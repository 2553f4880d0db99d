import { LinkedQueue, type Clock, type QueueLinks } from "../common/index.js";

/** How often in-flight work is checked for deadlines, stalls and lost clients, ms. */
export const SWEEP_INTERVAL_MS = 50;

/** Something the sweeper watches: a request (HTTP) or a call (gRPC) in flight. */
export interface Swept extends QueueLinks<Swept> {
  /**
   * Checked on every sweep: ends itself and returns true when it is overdue (deadline passed,
   * body stalled, client gone); the sweeper then lets go of it.
   */
  overdue(nowMs: number): boolean;
}

/**
 * The deadlines of an adapter's in-flight work, checked by one coarse timer instead of a timer
 * each (a timer per request costs more than the rest of the proxy's own work): an expiry comes
 * at most one interval late. The timer runs only while something is watched, and never keeps
 * the process alive.
 */
export class Sweeper {
  readonly #watched = new LinkedQueue<Swept>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    readonly clock: Clock,
    readonly intervalMs = SWEEP_INTERVAL_MS,
  ) {}

  /** Watched now. */
  get size(): number {
    return this.#watched.size;
  }

  /** Watches `w` until `remove` or until it is overdue. */
  add(w: Swept): void {
    this.#watched.push(w);
    if (this.#timer === null) {
      this.#timer = setInterval(() => this.sweep(this.clock.monoMs()), this.intervalMs);
      this.#timer.unref();
    }
  }

  /** Stops watching `w` (it ended). */
  remove(w: Swept): void {
    this.#watched.delete(w);
  }

  /** Ends whatever is overdue at `nowMs`; stops the timer once nothing is watched. */
  sweep(nowMs: number): void {
    for (let w = this.#watched.head; w !== null;) {
      const next: Swept | null = w.queueNext;
      if (w.overdue(nowMs)) this.#watched.delete(w);
      w = next;
    }
    if (this.#watched.size === 0) this.stop();
  }

  /** Stops the timer (nothing watched, or the adapter is closing). */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
