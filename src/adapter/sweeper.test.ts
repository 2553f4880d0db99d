import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeClock } from "../common/index.js";
import { Sweeper, type Swept } from "./sweeper.js";

/** A watched item that ends itself once `deadlineMs` has passed. */
function call(deadlineMs: number, expired: number[]): Swept {
  return {
    queuePrev: null,
    queueNext: null,
    queue: null,
    overdue(nowMs) {
      if (nowMs < deadlineMs) return false;
      expired.push(deadlineMs);
      return true;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Sweeper", () => {
  it("expires exactly the overdue calls, once, and forgets removed ones", () => {
    const sweeper = new Sweeper(new FakeClock());
    const expired: number[] = [];
    const [a, b, c] = [call(100, expired), call(200, expired), call(150, expired)];
    for (const x of [a, b, c]) sweeper.add(x);
    sweeper.remove(c);
    sweeper.sweep(99);
    expect(expired).toEqual([]);
    sweeper.sweep(150);
    expect(expired).toEqual([100]);
    sweeper.sweep(500);
    sweeper.sweep(900);
    expect(expired).toEqual([100, 200]);
    expect(sweeper.size).toBe(0);
  });

  it("runs its timer only while calls are watched, at most one interval late", () => {
    vi.useFakeTimers();
    const clock = new FakeClock();
    const sweeper = new Sweeper(clock, 50);
    const expired: number[] = [];
    sweeper.add(call(120, expired));
    expect(vi.getTimerCount()).toBe(1);
    clock.advance(100);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual([]);
    clock.advance(50);
    vi.advanceTimersByTime(50);
    expect(expired).toEqual([120]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stop() clears the timer", () => {
    vi.useFakeTimers();
    const sweeper = new Sweeper(new FakeClock());
    sweeper.add(call(1_000, []));
    sweeper.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
