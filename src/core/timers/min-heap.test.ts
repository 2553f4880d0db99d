import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MinHeap } from "./min-heap.js";

const byValue = (a: number, b: number): boolean => a < b;

function drain(heap: MinHeap<number>): number[] {
  const out: number[] = [];
  for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
  return out;
}

describe("MinHeap", () => {
  it("is empty at first", () => {
    const heap = new MinHeap(byValue);
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
  });

  it("pops in ascending order whatever the push order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), (values) => {
        const heap = new MinHeap(byValue);
        for (const v of values) heap.push(v);
        expect(heap.size).toBe(values.length);
        expect(heap.peek()).toBe(values.length ? Math.min(...values) : undefined);
        expect(drain(heap)).toEqual([...values].sort((a, b) => a - b));
      }),
    );
  });

  it("retain keeps the accepted items in heap order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 })), (values) => {
        const heap = new MinHeap(byValue);
        for (const v of values) heap.push(v);
        heap.retain((v) => v % 3 !== 0);
        expect(drain(heap)).toEqual(values.filter((v) => v % 3 !== 0).sort((a, b) => a - b));
      }),
    );
  });

  it("clear empties it; toArray copies", () => {
    const heap = new MinHeap(byValue);
    heap.push(2);
    heap.push(1);
    const copy = heap.toArray();
    copy.push(0);
    expect(heap.size).toBe(2);
    heap.clear();
    expect(heap.size).toBe(0);
  });
});
