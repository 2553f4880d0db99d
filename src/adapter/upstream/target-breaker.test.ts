import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../common/index.js";
import { TargetBreaker, type Admission } from "./target-breaker.js";

const S = 1000;

/** A breaker opened once at the clock's current time. */
function opened(clock = new FakeClock()): { clock: FakeClock; b: TargetBreaker } {
  const b = new TargetBreaker(clock);
  for (let i = 0; i < 5; i++) b.onFailure(b.tryAcquire());
  return { clock, b };
}

describe("TargetBreaker", () => {
  it("starts closed and admits everything", () => {
    const b = new TargetBreaker(new FakeClock());
    expect(b.state).toBe("closed");
    expect(b.retryAtMs).toBeNull();
    expect(b.retryAfterMs).toBe(0);
    expect(b.tryAcquire()).toBe("admit");
    expect(b.tryAcquire()).toBe("admit");
  });

  it("opens on the 5th consecutive failure (Envoy consecutive_5xx) and rejects at once", () => {
    const clock = new FakeClock();
    const b = new TargetBreaker(clock);
    for (let i = 0; i < 4; i++) b.onFailure("admit");
    expect(b.state).toBe("closed");
    expect(b.consecutiveFailures).toBe(4);
    b.onFailure("admit");
    expect(b.state).toBe("open");
    expect(b.openings).toBe(1);
    expect(b.retryAtMs).toBe(30 * S);
    expect(b.tryAcquire()).toBe("reject");
    clock.advance(10 * S);
    expect(b.retryAfterMs).toBe(20 * S);
    expect(b.tryAcquire()).toBe("reject");
  });

  it("a success in between resets the count", () => {
    const b = new TargetBreaker(new FakeClock());
    for (let i = 0; i < 4; i++) b.onFailure("admit");
    b.onSuccess("admit");
    expect(b.consecutiveFailures).toBe(0);
    for (let i = 0; i < 4; i++) b.onFailure("admit");
    expect(b.state).toBe("closed");
  });

  it("goes half-open after 30 s and admits exactly one probe at a time", () => {
    const { clock, b } = opened();
    clock.advance(30 * S - 1);
    expect(b.tryAcquire()).toBe("reject");
    clock.advance(1);
    expect(b.state).toBe("half_open");
    expect(b.retryAtMs).toBeNull();
    expect(b.tryAcquire()).toBe("probe");
    expect(b.probeInFlight).toBe(true);
    expect(b.tryAcquire()).toBe("reject");
    expect(b.tryAcquire()).toBe("reject");
  });

  it("a probe success closes it and forgets past openings", () => {
    const { clock, b } = opened();
    clock.advance(30 * S);
    b.onSuccess(b.tryAcquire());
    expect(b.state).toBe("closed");
    expect(b.openings).toBe(0);
    expect(b.consecutiveFailures).toBe(0);
    expect(b.tryAcquire()).toBe("admit");
    for (let i = 0; i < 5; i++) b.onFailure("admit");
    expect(b.retryAtMs).toBe(clock.monoMs() + 30 * S); // back to the base period
  });

  it("a probe failure re-opens it for base × openings, capped at 300 s", () => {
    const { clock, b } = opened();
    const periods: number[] = [];
    for (let i = 0; i < 12; i++) {
      clock.advance(b.retryAfterMs);
      expect(b.tryAcquire()).toBe("probe");
      b.onFailure("probe");
      expect(b.state).toBe("open");
      periods.push((b.retryAtMs ?? 0) - clock.monoMs());
    }
    expect(periods.map((ms) => ms / S)).toEqual([
      60, 90, 120, 150, 180, 210, 240, 270, 300, 300, 300, 300,
    ]);
  });

  it("release gives the probe slot back without a verdict", () => {
    const { clock, b } = opened();
    clock.advance(30 * S);
    b.release(b.tryAcquire());
    expect(b.state).toBe("half_open");
    expect(b.tryAcquire()).toBe("probe");
    b.release("admit"); // releasing a non-probe admission changes nothing
    expect(b.tryAcquire()).toBe("reject");
  });

  it("late results of requests admitted before opening change nothing", () => {
    const { clock, b } = opened();
    b.onSuccess("admit");
    b.onFailure("admit");
    expect(b.state).toBe("open");
    expect(b.retryAtMs).toBe(30 * S);
    clock.advance(30 * S);
    expect(b.tryAcquire()).toBe("probe");
    b.onSuccess("admit");
    b.onFailure("admit");
    b.onFailure("reject");
    expect(b.state).toBe("half_open");
    expect(b.probeInFlight).toBe(true);
    b.onSuccess("probe");
    b.onFailure("probe"); // a duplicate report for a probe already settled
    expect(b.state).toBe("closed");
  });

  it("asks mayOpen before opening from closed, but not before re-opening", () => {
    let allow = false;
    const clock = new FakeClock();
    const b = new TargetBreaker(clock, { mayOpen: () => allow });
    for (let i = 0; i < 7; i++) b.onFailure("admit");
    expect(b.state).toBe("closed");
    allow = true;
    b.onFailure("admit");
    expect(b.state).toBe("open");
    allow = false;
    clock.advance(30 * S);
    b.onFailure(b.tryAcquire());
    expect(b.state).toBe("open");
  });

  it("takes custom thresholds and periods, and rejects bad ones (programmer errors)", () => {
    const clock = new FakeClock();
    const b = new TargetBreaker(clock, { consecutiveFailures: 1, baseOpenMs: 100, maxOpenMs: 150 });
    b.onFailure("admit");
    expect(b.retryAtMs).toBe(100);
    clock.advance(100);
    b.onFailure(b.tryAcquire());
    expect(b.retryAtMs).toBe(250);
    for (const options of [
      { consecutiveFailures: 0 },
      { consecutiveFailures: 1.5 },
      { baseOpenMs: -1 },
      { maxOpenMs: NaN },
    ])
      expect(() => new TargetBreaker(clock, options)).toThrow(TypeError);
  });

  it("never has two probes out, under random operation sequences (property)", () => {
    type Op =
      | { kind: "acquire" }
      | { kind: "settle"; index: number; ok: boolean | null }
      | { kind: "advance"; ms: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant<Op>({ kind: "acquire" }),
      fc.record({
        kind: fc.constant("settle" as const),
        index: fc.nat(),
        ok: fc.constantFrom(true, false, null),
      }),
      fc.record({ kind: fc.constant("advance" as const), ms: fc.nat({ max: 120_000 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(op, { maxLength: 200, size: "max" }),
        (n, ops) => {
          const clock = new FakeClock();
          const b = new TargetBreaker(clock, { consecutiveFailures: n });
          const outstanding: Admission[] = [];
          for (const o of ops) {
            if (o.kind === "advance") clock.advance(o.ms);
            else if (o.kind === "acquire") {
              const state = b.state;
              const a = b.tryAcquire();
              if (state === "open") expect(a).toBe("reject");
              if (state === "closed") expect(a).toBe("admit");
              if (a !== "reject") outstanding.push(a);
            } else if (outstanding.length > 0) {
              const [a] = outstanding.splice(o.index % outstanding.length, 1);
              if (a === undefined) continue;
              if (o.ok === true) b.onSuccess(a);
              else if (o.ok === false) b.onFailure(a);
              else b.release(a);
            }
            const probes = outstanding.filter((a) => a === "probe").length;
            expect(probes).toBeLessThanOrEqual(1);
            expect(b.probeInFlight).toBe(probes === 1);
            if (b.state === "open") expect(b.retryAtMs).toBeGreaterThan(clock.monoMs());
          }
        },
      ),
    );
  });
});
