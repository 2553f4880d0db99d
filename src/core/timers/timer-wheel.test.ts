import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimerWheel, type TimerHandle, type TimerSnapshotEntry } from "./timer-wheel.js";

const HOUR_MS = 3_600_000;
/** A realistic wall-clock origin (2025-01-01T00:00:00Z), to show due times are epoch ms. */
const T0_MS = 1_735_689_600_000;

describe("TimerWheel: spec §8.2 pinned behaviours", () => {
  it("fires 1000 simultaneous timers, all of them, in scheduling order", () => {
    const wheel = new TimerWheel<number>();
    for (let i = 0; i < 1000; i++) wheel.schedule(T0_MS + 10, i);
    expect(wheel.popDue(T0_MS + 9)).toEqual([]);
    expect(wheel.popDue(T0_MS + 10)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(wheel.pendingCount).toBe(0);
  });

  it("orders by due time, not insertion", () => {
    const wheel = new TimerWheel<string>();
    wheel.schedule(T0_MS + 300, "c");
    wheel.schedule(T0_MS + 100, "a");
    wheel.schedule(T0_MS + 200, "b");
    wheel.schedule(T0_MS + 100, "a2");
    expect(wheel.popDue(T0_MS + 1000)).toEqual(["a", "a2", "b", "c"]);
  });

  it("does not let a far timer delay a near one", () => {
    const wheel = new TimerWheel<string>();
    wheel.schedule(T0_MS + HOUR_MS, "far");
    wheel.schedule(T0_MS + 10, "near");
    expect(wheel.nextDueAt()).toBe(T0_MS + 10);
    expect(wheel.popDue(T0_MS + 10)).toEqual(["near"]);
    expect(wheel.nextDueAt()).toBe(T0_MS + HOUR_MS);
    expect(wheel.popDue(T0_MS + HOUR_MS - 1)).toEqual([]);
    expect(wheel.popDue(T0_MS + HOUR_MS)).toEqual(["far"]);
  });

  it("fires a due time in the past on the next popDue", () => {
    const wheel = new TimerWheel<string>();
    wheel.schedule(-5, "negative");
    wheel.schedule(T0_MS - HOUR_MS, "an hour ago");
    expect(wheel.popDue(T0_MS)).toEqual(["negative", "an hour ago"]);
  });

  it("is idle when empty", () => {
    const wheel = new TimerWheel<string>();
    expect(wheel.nextDueAt()).toBeUndefined();
    expect(wheel.popDue(Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(wheel.drainAll()).toEqual([]);
    expect(wheel.snapshot()).toEqual([]);
    expect(wheel.pendingCount).toBe(0);
  });

  it("rejects a NaN or infinite due time, and a NaN now, as programmer errors", () => {
    const wheel = new TimerWheel<string>();
    expect(() => wheel.schedule(NaN, "x")).toThrow(TypeError);
    expect(() => wheel.schedule(Infinity, "x")).toThrow(TypeError);
    expect(() => wheel.schedule(-Infinity, "x")).toThrow(TypeError);
    expect(() => wheel.popDue(NaN)).toThrow(TypeError);
    expect(wheel.pendingCount).toBe(0);
  });
});

describe("TimerWheel: cancel", () => {
  it("returns true once for a pending timer, and the timer never fires", () => {
    const wheel = new TimerWheel<string>();
    const handle = wheel.schedule(T0_MS + 10, "retry");
    wheel.schedule(T0_MS + 20, "other");
    expect(wheel.isPending(handle)).toBe(true);
    expect(wheel.cancel(handle)).toBe(true);
    expect(wheel.isPending(handle)).toBe(false);
    expect(wheel.cancel(handle)).toBe(false);
    expect(wheel.pendingCount).toBe(1);
    expect(wheel.nextDueAt()).toBe(T0_MS + 20);
    expect(wheel.popDue(T0_MS + 100)).toEqual(["other"]);
  });

  it("returns false after the timer fired or was drained", () => {
    const wheel = new TimerWheel<string>();
    const fired = wheel.schedule(T0_MS, "fired");
    const drained = wheel.schedule(T0_MS + HOUR_MS, "drained");
    wheel.popDue(T0_MS);
    expect(wheel.cancel(fired)).toBe(false);
    expect(wheel.drainAll()).toEqual(["drained"]);
    expect(wheel.cancel(drained)).toBe(false);
  });

  it("refuses a handle issued by another wheel", () => {
    const a = new TimerWheel<string>();
    const b = new TimerWheel<string>();
    const fromA = a.schedule(T0_MS, "a");
    b.schedule(T0_MS, "b");
    expect(b.cancel(fromA)).toBe(false);
    expect(b.isPending(fromA)).toBe(false);
    expect(b.popDue(T0_MS)).toEqual(["b"]);
    expect(a.popDue(T0_MS)).toEqual(["a"]);
  });
});

describe("TimerWheel: keys", () => {
  it("keeps at most one live timer per key: a new one replaces the old", () => {
    const wheel = new TimerWheel<string>();
    const first = wheel.schedule(T0_MS + 100, "first", "ratelimit:claude");
    const second = wheel.schedule(T0_MS + 50, "second", "ratelimit:claude");
    expect(second.key).toBe("ratelimit:claude");
    expect(wheel.isPending(first)).toBe(false);
    expect(wheel.cancel(first)).toBe(false);
    expect(wheel.pendingCount).toBe(1);
    expect(wheel.popDue(T0_MS + 1000)).toEqual(["second"]);
  });

  it("cancelKey cancels the live timer of a key, once", () => {
    const wheel = new TimerWheel<string>();
    const handle = wheel.schedule(T0_MS, "retry", "retry:job1:3");
    wheel.schedule(T0_MS, "unkeyed");
    expect(wheel.cancelKey("retry:job1:3")).toBe(true);
    expect(wheel.cancelKey("retry:job1:3")).toBe(false);
    expect(wheel.cancelKey("never-used")).toBe(false);
    expect(wheel.isPending(handle)).toBe(false);
    expect(wheel.popDue(T0_MS)).toEqual(["unkeyed"]);
  });

  it("frees a key once its timer fired, so cancelKey finds nothing and the key is reusable", () => {
    const wheel = new TimerWheel<string>();
    wheel.schedule(T0_MS, "old", "breaker:gemini");
    expect(wheel.popDue(T0_MS)).toEqual(["old"]);
    expect(wheel.cancelKey("breaker:gemini")).toBe(false);
    wheel.schedule(T0_MS + 10, "new", "breaker:gemini");
    expect(wheel.popDue(T0_MS + 10)).toEqual(["new"]);
  });

  it("cancelling a replaced handle leaves the key's new timer alone", () => {
    const wheel = new TimerWheel<string>();
    const old = wheel.schedule(T0_MS, "old", "k");
    wheel.schedule(T0_MS, "new", "k");
    expect(wheel.cancel(old)).toBe(false);
    expect(wheel.popDue(T0_MS)).toEqual(["new"]);
  });
});

describe("TimerWheel: snapshot, restore and shutdown", () => {
  it("round-trips through a snapshot (and JSON) into a fresh wheel with the same firing order", () => {
    const wheel = new TimerWheel<{ sheet: number }>();
    wheel.schedule(T0_MS + 30, { sheet: 3 });
    wheel.schedule(T0_MS + 10, { sheet: 1 }, "retry:job:1");
    wheel.schedule(T0_MS + 10, { sheet: 2 });
    const gone = wheel.schedule(T0_MS + 5, { sheet: 9 });
    wheel.cancel(gone);

    const saved = JSON.parse(JSON.stringify(wheel.snapshot())) as TimerSnapshotEntry<{
      sheet: number;
    }>[];
    expect(saved).toEqual([
      { dueAtMs: T0_MS + 10, payload: { sheet: 1 }, key: "retry:job:1" },
      { dueAtMs: T0_MS + 10, payload: { sheet: 2 } },
      { dueAtMs: T0_MS + 30, payload: { sheet: 3 } },
    ]);
    expect(wheel.pendingCount).toBe(3);

    const restored = new TimerWheel<{ sheet: number }>();
    const handles = restored.restore(saved);
    expect(handles.map((h) => h.dueAtMs)).toEqual([T0_MS + 10, T0_MS + 10, T0_MS + 30]);
    expect(restored.snapshot()).toEqual(saved);
    expect(restored.cancelKey("retry:job:1")).toBe(true);
    expect(restored.popDue(T0_MS + 100)).toEqual([{ sheet: 2 }, { sheet: 3 }]);
    expect(wheel.popDue(T0_MS + 100)).toEqual([{ sheet: 1 }, { sheet: 2 }, { sheet: 3 }]);
  });

  it("drainAll hands over everything pending in due order and leaves the wheel empty", () => {
    const wheel = new TimerWheel<string>();
    wheel.schedule(T0_MS + HOUR_MS, "later", "k");
    wheel.schedule(T0_MS + 1, "soon");
    wheel.cancel(wheel.schedule(T0_MS, "cancelled"));
    expect(wheel.drainAll()).toEqual(["soon", "later"]);
    expect(wheel.pendingCount).toBe(0);
    expect(wheel.storedCount).toBe(0);
    expect(wheel.cancelKey("k")).toBe(false);
  });
});

describe("TimerWheel: tombstones", () => {
  it("compacts when cancelled entries exceed half the heap, keeping the order", () => {
    const wheel = new TimerWheel<number>();
    const handles: TimerHandle[] = [];
    for (let i = 0; i < 1000; i++) handles.push(wheel.schedule(T0_MS + ((i * 7919) % 1000), i));
    for (let i = 0; i < 1000; i++) {
      if (i % 10 !== 0) wheel.cancel(handles[i] as TimerHandle);
      expect(wheel.storedCount).toBeLessThanOrEqual(2 * wheel.pendingCount);
    }
    expect(wheel.pendingCount).toBe(100);
    expect(wheel.storedCount).toBeLessThan(200);
    const kept = Array.from({ length: 100 }, (_, j) => j * 10);
    const expected = kept.sort((a, b) => ((a * 7919) % 1000) - ((b * 7919) % 1000) || a - b);
    expect(wheel.popDue(T0_MS + 1000)).toEqual(expected);
  });

  it("does not grow under endless replace-by-key churn", () => {
    const wheel = new TimerWheel<number>();
    for (let i = 0; i < 10_000; i++) wheel.schedule(T0_MS + HOUR_MS - i, i, `stale:${i % 5}`);
    expect(wheel.pendingCount).toBe(5);
    expect(wheel.storedCount).toBeLessThanOrEqual(10);
    expect(wheel.drainAll()).toEqual([9999, 9998, 9997, 9996, 9995]);
  });

  it("stays within twice the live timers after pops leave tombstones behind", () => {
    const wheel = new TimerWheel<number>();
    for (let i = 0; i < 4; i++) wheel.schedule(T0_MS + i, i);
    const late = [wheel.schedule(T0_MS + 10, 10), wheel.schedule(T0_MS + 11, 11)];
    for (const h of late) wheel.cancel(h);
    expect(wheel.popDue(T0_MS + 3)).toEqual([0, 1, 2, 3]);
    expect(wheel.pendingCount).toBe(0);
    expect(wheel.storedCount).toBe(0);
  });
});

// ---- property: the wheel against a naive reference model ----

type Op =
  | { op: "schedule"; dueAtMs: number; key: string | undefined }
  | { op: "cancel"; pick: number }
  | { op: "cancelKey"; key: string }
  | { op: "popDue"; nowMs: number }
  | { op: "drainAll" }
  | { op: "restart" };

interface ModelTimer {
  readonly seq: number;
  readonly dueAtMs: number;
  readonly key: string | undefined;
  live: boolean;
}

/** The obvious implementation: a list scanned and sorted on every question. */
class ModelWheel {
  timers: ModelTimer[] = [];
  private nextSeq = 0;

  schedule(dueAtMs: number, key: string | undefined): number {
    if (key !== undefined) this.cancelKey(key);
    const seq = this.nextSeq++;
    this.timers.push({ seq, dueAtMs, key, live: true });
    return seq;
  }
  cancel(seq: number): boolean {
    const t = this.timers.find((x) => x.seq === seq && x.live);
    if (t === undefined) return false;
    t.live = false;
    return true;
  }
  cancelKey(key: string): boolean {
    const t = this.timers.find((x) => x.key === key && x.live);
    return t !== undefined && this.cancel(t.seq);
  }
  pending(): ModelTimer[] {
    return this.timers.filter((t) => t.live).sort((a, b) => a.dueAtMs - b.dueAtMs || a.seq - b.seq);
  }
  popDue(nowMs: number): number[] {
    const due = this.pending().filter((t) => t.dueAtMs <= nowMs);
    for (const t of due) t.live = false;
    return due.map((t) => t.seq);
  }
  drainAll(): number[] {
    const all = this.pending();
    for (const t of all) t.live = false;
    return all.map((t) => t.seq);
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant("schedule" as const),
      dueAtMs: fc.integer({ min: -5, max: 40 }),
      key: fc.option(fc.constantFrom("a", "b", "c"), { nil: undefined }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("cancel" as const), pick: fc.nat(200) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("cancelKey" as const),
      key: fc.constantFrom("a", "b", "c", "d"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("popDue" as const),
      nowMs: fc.integer({ min: -10, max: 45 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: "drainAll" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "restart" as const }) },
);

describe("TimerWheel: property against a reference model", () => {
  it("agrees with the naive model on every answer after every operation", () => {
    fc.assert(
      // size "max": without it fast-check keeps arrays short and most runs never build a real heap.
      fc.property(fc.array(opArb, { maxLength: 150, size: "max" }), (ops) => {
        let wheel = new TimerWheel<number>();
        const model = new ModelWheel();
        // handles[i] is the handle of the model timer with seq i (payload = model seq).
        let handles: TimerHandle[] = [];
        for (const step of ops) {
          switch (step.op) {
            case "schedule": {
              const seq = model.schedule(step.dueAtMs, step.key);
              handles[seq] = wheel.schedule(step.dueAtMs, seq, step.key);
              break;
            }
            case "cancel": {
              if (handles.length === 0) break;
              const seq = step.pick % handles.length;
              expect(wheel.cancel(handles[seq] as TimerHandle)).toBe(model.cancel(seq));
              break;
            }
            case "cancelKey":
              expect(wheel.cancelKey(step.key)).toBe(model.cancelKey(step.key));
              break;
            case "popDue":
              expect(wheel.popDue(step.nowMs)).toEqual(model.popDue(step.nowMs));
              break;
            case "drainAll":
              expect(wheel.drainAll()).toEqual(model.drainAll());
              break;
            case "restart": {
              // A checkpoint and a new process: handles of the old wheel are rebuilt.
              const saved = wheel.snapshot();
              wheel = new TimerWheel<number>();
              const fresh = wheel.restore(saved);
              handles = handles.slice();
              saved.forEach((e, i) => (handles[e.payload] = fresh[i] as TimerHandle));
              break;
            }
          }
          const pending = model.pending();
          expect(wheel.pendingCount).toBe(pending.length);
          expect(wheel.nextDueAt()).toBe(pending[0]?.dueAtMs);
          expect(wheel.snapshot()).toEqual(
            pending.map((t) =>
              t.key === undefined
                ? { dueAtMs: t.dueAtMs, payload: t.seq }
                : { dueAtMs: t.dueAtMs, payload: t.seq, key: t.key },
            ),
          );
          expect(wheel.storedCount).toBeLessThanOrEqual(2 * wheel.pendingCount);
        }
      }),
      { numRuns: 300 },
    );
  });
});
