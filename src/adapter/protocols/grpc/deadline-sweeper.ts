import { LinkedQueue, type Clock, type QueueLinks } from "../../../common/index.js";
import { GRPC_SWEEP_INTERVAL_MS } from "./grpc-defaults.js";

/** A call the sweeper watches. */
export interface Deadlined extends QueueLinks<Deadlined> {
  /** Monotonic ms by which the whole call must be over. */
  readonly deadlineMs: number;
  /** Ends the call with DEADLINE_EXCEEDED; the sweeper has already let go of it. */
  expire(): void;
}

/**
 * The deadlines of an adapter's calls, checked by one coarse timer rather than a timer per
 * call: DEADLINE_EXCEEDED comes at most one interval late. The timer runs only while calls are
 * watched, and never keeps the process alive.
 */
export class DeadlineSweeper {
  readonly #watched = new LinkedQueue<Deadlined>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    readonly clock: Clock,
    readonly intervalMs = GRPC_SWEEP_INTERVAL_MS,
  ) {}

  /** Calls watched now. */
  get size(): number {
    return this.#watched.size;
  }

  /** Watches `call` until `remove` or its deadline. */
  add(call: Deadlined): void {
    this.#watched.push(call);
    if (this.#timer === null) {
      this.#timer = setInterval(() => this.sweep(this.clock.monoMs()), this.intervalMs);
      this.#timer.unref();
    }
  }

  /** Stops watching `call` (it ended). */
  remove(call: Deadlined): void {
    this.#watched.delete(call);
  }

  /** Expires every call overdue at `nowMs`; stops the timer once none is watched. */
  sweep(nowMs: number): void {
    for (let c = this.#watched.head; c !== null;) {
      const next: Deadlined | null = c.queueNext;
      if (nowMs >= c.deadlineMs) {
        this.#watched.delete(c);
        c.expire();
      }
      c = next;
    }
    if (this.#watched.size === 0) this.stop();
  }

  /** Stops the timer (nothing watched, or the adapter is closing). */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
