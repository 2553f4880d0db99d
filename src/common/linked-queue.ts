/** The link fields a record carries to sit in (at most) one `LinkedQueue` at a time. */
export interface QueueLinks<T extends QueueLinks<T>> {
  queuePrev: T | null;
  queueNext: T | null;
  queue: LinkedQueue<T> | null;
}

/**
 * An insertion-ordered set of records linked through their own fields: O(1) push, delete and
 * move-to-back with no allocation. The loop's hot sets (ready sheets per instrument, jobs with
 * ready sheets) change on every dispatch; a `Set` reallocates its table when it empties.
 */
export class LinkedQueue<T extends QueueLinks<T>> {
  head: T | null = null;
  tail: T | null = null;
  size = 0;

  /** @param owner who holds the queue, so a member can tell whose queue it sits in. */
  constructor(readonly owner: object | null = null) {}

  has(node: T): boolean {
    return node.queue === this;
  }

  /** Appends `node` (taking it out of any other queue first); false when it is already here. */
  push(node: T): boolean {
    if (node.queue === this) return false;
    node.queue?.delete(node);
    node.queue = this;
    node.queuePrev = this.tail;
    node.queueNext = null;
    if (this.tail === null) this.head = node;
    else this.tail.queueNext = node;
    this.tail = node;
    this.size += 1;
    return true;
  }

  /** Removes `node`; false when it is not in this queue. */
  delete(node: T): boolean {
    if (node.queue !== this) return false;
    const { queuePrev: prev, queueNext: next } = node;
    if (prev === null) this.head = next;
    else prev.queueNext = next;
    if (next === null) this.tail = prev;
    else next.queuePrev = prev;
    node.queue = null;
    node.queuePrev = null;
    node.queueNext = null;
    this.size -= 1;
    return true;
  }

  /** The members in order (a copy: safe to change the queue while walking it). */
  toArray(): T[] {
    const all: T[] = [];
    for (let n = this.head; n !== null; n = n.queueNext) all.push(n);
    return all;
  }
}
