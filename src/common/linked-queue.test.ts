import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LinkedQueue, type QueueLinks } from "./linked-queue.js";

class Node implements QueueLinks<Node> {
  queuePrev: Node | null = null;
  queueNext: Node | null = null;
  queue: LinkedQueue<Node> | null = null;
  constructor(readonly id: number) {}
}

const ids = (q: LinkedQueue<Node>) => q.toArray().map((n) => n.id);

describe("LinkedQueue", () => {
  it("keeps insertion order, ignores duplicates, deletes from any position", () => {
    const q = new LinkedQueue<Node>();
    const [a, b, c] = [new Node(1), new Node(2), new Node(3)];
    expect([q.push(a), q.push(b), q.push(c), q.push(b)]).toEqual([true, true, true, false]);
    expect(ids(q)).toEqual([1, 2, 3]);
    expect(q.delete(b)).toBe(true);
    expect(q.delete(b)).toBe(false);
    expect(ids(q)).toEqual([1, 3]);
    q.delete(a);
    q.push(a); // to the back
    expect(ids(q)).toEqual([3, 1]);
    expect([q.size, q.head?.id, q.tail?.id]).toEqual([2, 3, 1]);
  });

  it("moves a node that sits in another queue", () => {
    const q1 = new LinkedQueue<Node>();
    const q2 = new LinkedQueue<Node>();
    const n = new Node(7);
    q1.push(n);
    q2.push(n);
    expect([q1.size, q2.size, q1.has(n), q2.has(n)]).toEqual([0, 1, false, true]);
  });

  it("behaves like an insertion-ordered Set (property)", () => {
    const op = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const nodes = Array.from({ length: 10 }, (_, i) => new Node(i));
        const q = new LinkedQueue<Node>();
        const model = new Set<number>();
        for (const [add, i] of ops) {
          const node = nodes[i] as Node;
          if (add) expect(q.push(node)).toBe(!model.has(i));
          else expect(q.delete(node)).toBe(model.delete(i));
          if (add) model.add(i);
          expect(ids(q)).toEqual([...model]);
          expect(q.size).toBe(model.size);
        }
      }),
    );
  });
});
