import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RingBuffer } from "./ring-buffer.js";

describe("RingBuffer", () => {
  it("returns items oldest first and empties on drain", () => {
    const ring = new RingBuffer<number>(3);
    ring.push(1);
    ring.push(2);
    expect(ring.size).toBe(2);
    expect(ring.drain()).toEqual([1, 2]);
    expect(ring.size).toBe(0);
    expect(ring.drain()).toEqual([]);
  });

  it("overwrites the oldest item when full and counts the drop", () => {
    const ring = new RingBuffer<string>(2);
    for (const s of ["a", "b", "c", "d", "e"]) ring.push(s);
    expect(ring.capacity).toBe(2);
    expect(ring.size).toBe(2);
    expect(ring.dropped).toBe(3);
    expect(ring.drain()).toEqual(["d", "e"]);
    ring.push("f");
    expect(ring.drain()).toEqual(["f"]);
    expect(ring.dropped).toBe(3);
  });

  it("works with capacity 1", () => {
    const ring = new RingBuffer<number>(1);
    ring.push(1);
    ring.push(2);
    expect(ring.drain()).toEqual([2]);
    expect(ring.dropped).toBe(1);
  });

  it("rejects a capacity that is not a positive integer (programmer error)", () => {
    for (const bad of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => new RingBuffer(bad)).toThrow(TypeError);
    }
  });

  it("matches an array model under random push/drain sequences", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("push" as const), value: fc.integer() }),
      fc.record({ kind: fc.constant("drain" as const) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(op, { maxLength: 80, size: "max" }),
        (cap, ops) => {
          const ring = new RingBuffer<number>(cap);
          let model: number[] = [];
          let dropped = 0;
          for (const o of ops) {
            if (o.kind === "push") {
              model.push(o.value);
              if (model.length > cap) {
                model = model.slice(1);
                dropped += 1;
              }
              ring.push(o.value);
            } else {
              expect(ring.drain()).toEqual(model);
              model = [];
            }
            expect(ring.size).toBe(model.length);
            expect(ring.dropped).toBe(dropped);
          }
          expect(ring.drain()).toEqual(model);
        },
      ),
    );
  });
});
