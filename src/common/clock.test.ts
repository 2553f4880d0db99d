import { describe, expect, it } from "vitest";
import { FakeClock, systemClock, type Clock } from "./clock.js";

const T0_MS = 1_735_689_600_000; // 2025-01-01T00:00:00Z

describe("FakeClock", () => {
  it("starts at the given wall time (0 by default) and 0 ms of monotonic time", () => {
    expect(new FakeClock().nowMs()).toBe(0);
    const clock: Clock = new FakeClock(T0_MS);
    expect(clock.nowMs()).toBe(T0_MS);
    expect(clock.monoMs()).toBe(0);
  });

  it("stands still until advanced; advance moves wall and mono together", () => {
    const clock = new FakeClock(T0_MS);
    expect(clock.nowMs()).toBe(T0_MS);
    clock.advance(1500);
    clock.advance(0);
    clock.advance(0.5);
    expect(clock.nowMs()).toBe(T0_MS + 1500.5);
    expect(clock.monoMs()).toBe(1500.5);
  });

  it("set jumps the wall clock either way and leaves monotonic time alone", () => {
    const clock = new FakeClock(T0_MS);
    clock.advance(100);
    clock.set(T0_MS - 60_000);
    expect(clock.nowMs()).toBe(T0_MS - 60_000);
    expect(clock.monoMs()).toBe(100);
    clock.advance(10);
    expect(clock.nowMs()).toBe(T0_MS - 59_990);
    expect(clock.monoMs()).toBe(110);
  });

  it("refuses to go back or to take non-finite times (programmer errors)", () => {
    const clock = new FakeClock(T0_MS);
    expect(() => clock.advance(-1)).toThrow(TypeError);
    expect(() => clock.advance(NaN)).toThrow(TypeError);
    expect(() => clock.advance(Infinity)).toThrow(TypeError);
    expect(() => clock.set(NaN)).toThrow(TypeError);
    expect(() => new FakeClock(Infinity)).toThrow(TypeError);
    expect(clock.nowMs()).toBe(T0_MS);
    expect(clock.monoMs()).toBe(0);
  });
});

describe("systemClock", () => {
  it("reads the host's wall clock in epoch ms", () => {
    const before = Date.now();
    const now = systemClock.nowMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("reads a monotonic clock that never goes back", () => {
    let last = systemClock.monoMs();
    for (let i = 0; i < 1000; i++) {
      const next = systemClock.monoMs();
      expect(next).toBeGreaterThanOrEqual(last);
      last = next;
    }
  });
});
