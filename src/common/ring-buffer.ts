/**
 * A bounded FIFO in fixed memory: when full, `push` overwrites the oldest item and counts a
 * drop, so a slow reader costs lost items, never unbounded memory (spec §20 #24).
 */
export class RingBuffer<T> {
  readonly #slots: (T | undefined)[];
  #head = 0; // index of the oldest item
  #size = 0;
  #dropped = 0;

  /** Holds at most `capacity` items (a positive integer), fixed for the buffer's life. */
  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw new TypeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.#slots = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** Most items the buffer holds. */
  get capacity(): number {
    return this.#slots.length;
  }

  /** Items held now. */
  get size(): number {
    return this.#size;
  }

  /** Items overwritten before anyone drained them, since construction. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Appends `item`; when full, the oldest item is overwritten and counted as dropped. */
  push(item: T): void {
    const capacity = this.#slots.length;
    if (this.#size < capacity) {
      this.#slots[(this.#head + this.#size) % capacity] = item;
      this.#size += 1;
      return;
    }
    this.#slots[this.#head] = item;
    this.#head = (this.#head + 1) % capacity;
    this.#dropped += 1;
  }

  /** Removes and returns every item, oldest first. */
  drain(): T[] {
    const capacity = this.#slots.length;
    const items = new Array<T>(this.#size);
    for (let i = 0; i < this.#size; i++) {
      const slot = (this.#head + i) % capacity;
      items[i] = this.#slots[slot] as T;
      this.#slots[slot] = undefined; // let drained items be collected
    }
    this.#head = 0;
    this.#size = 0;
    return items;
  }
}
