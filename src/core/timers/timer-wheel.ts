import { MinHeap } from "./min-heap.js";

/**
 * What `schedule` returns: keep it (per sheet, job or instrument) to cancel the timer when a
 * transition makes it moot. Valid only with the wheel that issued it.
 */
export interface TimerHandle {
  /** Issue order within the wheel: breaks ties between equal due times (FIFO). */
  readonly seq: number;
  /** Wall-clock epoch ms at or after which the timer fires. */
  readonly dueAtMs: number;
  /** The replacement key, if any: at most one live timer per key. */
  readonly key: string | undefined;
}

/** One pending timer as a checkpoint stores it; `key` is omitted when the timer has none. */
export interface TimerSnapshotEntry<T> {
  readonly dueAtMs: number;
  readonly payload: T;
  readonly key?: string;
}

const PENDING = 0;
const CANCELLED = 1;
const DONE = 2;

/** The wheel's record of a timer; handed out as its `TimerHandle`. */
class TimerEntry<T> implements TimerHandle {
  state: typeof PENDING | typeof CANCELLED | typeof DONE = PENDING;
  constructor(
    /** The issuing wheel's `id` (a number, so a handle stays plain data). */
    readonly wheel: number,
    readonly seq: number,
    readonly dueAtMs: number,
    readonly key: string | undefined,
    readonly payload: T,
  ) {}
}

function dueFirst<T>(a: TimerEntry<T>, b: TimerEntry<T>): boolean {
  return a.dueAtMs < b.dueAtMs || (a.dueAtMs === b.dueAtMs && a.seq < b.seq);
}

/** Ids of wheels, so a handle knows its wheel without pointing at it. */
let wheelCount = 0;

/**
 * Pending timers, driven by the caller: it schedules payloads at wall-clock due times and asks
 * for what is due at a time it reads from its clock. Binary heap ordered by (due time, issue
 * order) plus a map of keyed timers: O(log n) schedule and pop, O(1) amortised cancel (the entry
 * stays in the heap as a tombstone; the heap is compacted when tombstones exceed half of it).
 * Due times are wall-clock epoch ms so a snapshot means the same thing after a restart.
 */
export class TimerWheel<T> {
  private readonly id = ++wheelCount;
  private readonly heap = new MinHeap<TimerEntry<T>>(dueFirst);
  /** Timers neither fired nor cancelled (each is a PENDING entry of the heap). */
  private liveCount = 0;
  private readonly byKey = new Map<string, TimerEntry<T>>();
  private tombstones = 0;
  private nextSeq = 0;

  /** Timers scheduled and neither fired nor cancelled. */
  get pendingCount(): number {
    return this.liveCount;
  }

  /** Entries held in the heap, tombstones included (diagnostics; at most 2 × pendingCount). */
  get storedCount(): number {
    return this.heap.size;
  }

  /**
   * Schedules `payload` to fire at `dueAtMs` (wall-clock epoch ms; a past time fires on the next
   * `popDue`). With a `key`, a live timer of the same key is cancelled first.
   */
  schedule(dueAtMs: number, payload: T, key?: string): TimerHandle {
    if (!Number.isFinite(dueAtMs)) {
      throw new TypeError(`a timer's due time must be a finite number of ms, got ${dueAtMs}`);
    }
    if (key !== undefined) this.cancelKey(key);
    const entry = new TimerEntry(this.id, this.nextSeq++, dueAtMs, key, payload);
    this.heap.push(entry);
    this.liveCount++;
    if (key !== undefined) this.byKey.set(key, entry);
    return entry;
  }

  /** Cancels a pending timer; false when it already fired, was cancelled or is not this wheel's. */
  cancel(handle: TimerHandle): boolean {
    if (!this.isPending(handle)) return false;
    this.forget(handle as TimerEntry<T>, CANCELLED);
    this.tombstones++;
    this.compactIfSparse();
    return true;
  }

  /** Cancels the live timer scheduled under `key`; false when there is none. */
  cancelKey(key: string): boolean {
    const entry = this.byKey.get(key);
    if (entry === undefined) return false;
    this.forget(entry, CANCELLED);
    this.tombstones++;
    this.compactIfSparse();
    return true;
  }

  /** True while `handle`'s timer is pending in this wheel. */
  isPending(handle: TimerHandle): boolean {
    return handle instanceof TimerEntry && handle.wheel === this.id && handle.state === PENDING;
  }

  /** Removes and returns the payloads due at `nowMs` (due time ≤ now), in due order, FIFO on ties. */
  popDue(nowMs: number): T[] {
    if (Number.isNaN(nowMs)) throw new TypeError("popDue needs a time, got NaN");
    const due: T[] = [];
    for (let head = this.head(); head !== undefined && head.dueAtMs <= nowMs; head = this.head()) {
      this.heap.pop();
      this.forget(head, DONE);
      due.push(head.payload);
    }
    this.compactIfSparse();
    return due;
  }

  /** The earliest pending due time (wall-clock epoch ms), or undefined when nothing is pending. */
  nextDueAt(): number | undefined {
    return this.head()?.dueAtMs;
  }

  /** The pending timers in due order, FIFO on ties, for a checkpoint; the wheel is unchanged. */
  snapshot(): TimerSnapshotEntry<T>[] {
    return this.heap
      .toArray()
      .filter((e) => e.state === PENDING)
      .sort((a, b) => a.dueAtMs - b.dueAtMs || a.seq - b.seq)
      .map(({ dueAtMs, payload, key }) =>
        key === undefined ? { dueAtMs, payload } : { dueAtMs, payload, key },
      );
  }

  /** The live timer under `key` as a snapshot entry, or undefined (O(1): per-job checkpoints). */
  pendingByKey(key: string): TimerSnapshotEntry<T> | undefined {
    const entry = this.byKey.get(key);
    return entry === undefined
      ? undefined
      : { dueAtMs: entry.dueAtMs, payload: entry.payload, key };
  }

  /** A pending timer's entry by its handle, or undefined once it fired or was cancelled. */
  pending(handle: TimerHandle): TimerSnapshotEntry<T> | undefined {
    if (!this.isPending(handle)) return undefined;
    const entry = handle as TimerEntry<T>;
    return entry.key === undefined
      ? { dueAtMs: entry.dueAtMs, payload: entry.payload }
      : { dueAtMs: entry.dueAtMs, payload: entry.payload, key: entry.key };
  }

  /** Schedules every entry of a snapshot, in its order; returns their handles in the same order. */
  restore(entries: readonly TimerSnapshotEntry<T>[]): TimerHandle[] {
    return entries.map((e) => this.schedule(e.dueAtMs, e.payload, e.key));
  }

  /** Removes and returns every pending payload in due order, FIFO on ties (shutdown). */
  drainAll(): T[] {
    const all = this.snapshot().map((e) => e.payload);
    for (const entry of this.heap.toArray()) if (entry.state === PENDING) entry.state = DONE;
    this.liveCount = 0;
    this.byKey.clear();
    this.heap.clear();
    this.tombstones = 0;
    return all;
  }

  /** The earliest live entry, after discarding tombstones at the top of the heap. */
  private head(): TimerEntry<T> | undefined {
    let top = this.heap.peek();
    while (top !== undefined && top.state !== PENDING) {
      this.heap.pop();
      this.tombstones--;
      top = this.heap.peek();
    }
    return top;
  }

  private forget(entry: TimerEntry<T>, state: typeof CANCELLED | typeof DONE): void {
    entry.state = state;
    this.liveCount--;
    if (entry.key !== undefined && this.byKey.get(entry.key) === entry)
      this.byKey.delete(entry.key);
  }

  /** Keeps tombstones at most half the heap, so memory stays within 2 × pendingCount. */
  private compactIfSparse(): void {
    if (this.tombstones * 2 > this.heap.size) {
      this.heap.retain((e) => e.state === PENDING);
      this.tombstones = 0;
    }
  }
}
