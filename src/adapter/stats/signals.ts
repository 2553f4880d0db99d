import { RingBuffer } from "../../common/index.js";
import { cutText } from "./cut-text.js";
import {
  MAX_SIGNAL_METHOD_CHARS,
  MAX_SIGNAL_PATH_CHARS,
  SIGNAL_BUFFER_CAPACITY,
} from "./defaults.js";

/** One answered request, as the signal log and dashboard see it. */
export interface Signal {
  readonly method: string;
  /** The request path without its query string, cut to `MAX_SIGNAL_PATH_CHARS`. */
  readonly path: string;
  readonly status: number;
  readonly latencyMs: number;
  /** The routing target's id; `null` for the plain backend. */
  readonly target: string | null;
  /** 32 lowercase hex (W3C trace id). */
  readonly traceId: string;
  /** Wall-clock epoch ms when the response completed. */
  readonly atMs: number;
}

/**
 * An adapter's signals between drains, in a bounded ring: when nobody drains, the oldest are
 * overwritten and counted, so a long-running owner never grows without bound (spec §20 #24).
 */
export class SignalBuffer {
  readonly #ring: RingBuffer<Signal>;

  /** Holds at most `capacity` signals (default 10 000). */
  constructor(capacity = SIGNAL_BUFFER_CAPACITY) {
    this.#ring = new RingBuffer<Signal>(capacity);
  }

  /** Signals held now. */
  get size(): number {
    return this.#ring.size;
  }

  /** Signals overwritten before being drained, since construction. */
  get dropped(): number {
    return this.#ring.dropped;
  }

  /** Records one signal; the query string is dropped (it may carry secrets) and text is cut. */
  record(signal: Signal): void {
    const query = signal.path.indexOf("?");
    const path = query === -1 ? signal.path : signal.path.slice(0, query);
    const bounded =
      path.length > MAX_SIGNAL_PATH_CHARS ||
      signal.method.length > MAX_SIGNAL_METHOD_CHARS ||
      path !== signal.path;
    this.#ring.push(
      bounded
        ? {
            ...signal,
            method: cutText(signal.method, MAX_SIGNAL_METHOD_CHARS),
            path: cutText(path, MAX_SIGNAL_PATH_CHARS),
          }
        : signal,
    );
  }

  /** Removes and returns every held signal, oldest first. */
  drain(): Signal[] {
    return this.#ring.drain();
  }
}
