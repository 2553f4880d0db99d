import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CircuitBreakers, type BreakerState } from "./circuit-breaker.js";

const S = 1000;
const I = "claude-code";

/** A breaker that has just opened at `t` after `threshold` failures. */
function opened(t = 0, options = {}): CircuitBreakers {
  const b = new CircuitBreakers(options);
  for (let i = 0; i < 5; i++) b.recordFailure(I, t);
  return b;
}

describe("circuit breakers (spec §6.2, §12.1 #47–51, §13.2)", () => {
  it("starts CLOSED and admits everything", () => {
    const b = new CircuitBreakers();
    expect(b.state(I)).toEqual({
      phase: "closed",
      consecutiveFailures: 0,
      openings: 0,
      recoverAtMs: null,
      probeInFlight: false,
    });
    expect(b.tryAcquire(I)).toBe(true);
    expect(b.tryAcquire(I)).toBe(true);
    expect(b.isOpen(I)).toBe(false);
  });

  it("opens on exactly the 5th consecutive failure and asks for a recovery at +30 s", () => {
    const b = new CircuitBreakers();
    for (let i = 1; i <= 4; i++)
      expect(b.recordFailure(I, 1000 * S)).toEqual({
        from: "closed",
        to: "closed",
        recoverAtMs: null,
      });
    expect(b.recordFailure(I, 1000 * S)).toEqual({
      from: "closed",
      to: "open",
      recoverAtMs: 1030 * S,
    });
    expect(b.state(I)).toMatchObject({ phase: "open", consecutiveFailures: 5, openings: 1 });
    expect(b.tryAcquire(I)).toBe(false);
    expect(b.canAdmit(I)).toBe(false);
    expect(b.openKeys()).toEqual([I]);
  });

  it("resets the count on a success before the threshold", () => {
    const b = new CircuitBreakers();
    for (let i = 0; i < 4; i++) b.recordFailure(I, 0);
    expect(b.recordSuccess(I)).toEqual({ from: "closed", to: "closed", recoverAtMs: null });
    for (let i = 0; i < 4; i++) b.recordFailure(I, 0);
    expect(b.state(I).phase).toBe("closed");
  });

  it("trips at once with threshold 1 and keeps breakers per instrument", () => {
    const b = new CircuitBreakers({ threshold: 1 });
    expect(b.recordFailure(I, 0).to).toBe("open");
    expect(b.state("gemini-cli").phase).toBe("closed");
    expect(b.tryAcquire("gemini-cli")).toBe(true);
  });

  it("stays OPEN on further failures and asks for no new timer", () => {
    const b = opened();
    expect(b.recordFailure(I, 5 * S)).toEqual({ from: "open", to: "open", recoverAtMs: null });
    expect(b.state(I)).toMatchObject({ consecutiveFailures: 6, recoverAtMs: 30 * S, openings: 1 });
  });

  it("stays OPEN on a straggler success, which only resets the count", () => {
    const b = opened();
    expect(b.recordSuccess(I)).toEqual({ from: "open", to: "open", recoverAtMs: null });
    expect(b.state(I)).toMatchObject({ phase: "open", consecutiveFailures: 0, openings: 1 });
  });

  it("goes HALF_OPEN only when the recovery time is reached", () => {
    const b = opened(0);
    expect(b.recover(I, 29_999)).toEqual({ from: "open", to: "open", recoverAtMs: null });
    expect(b.recover(I, 30 * S)).toEqual({ from: "open", to: "half_open", recoverAtMs: null });
    expect(b.state(I)).toMatchObject({ phase: "half_open", recoverAtMs: null });
    expect(b.isOpen(I)).toBe(false);
    expect(b.openKeys()).toEqual([]);
  });

  it("ignores recovery for CLOSED, HALF_OPEN and unknown breakers", () => {
    const b = opened(0);
    b.recover(I, 30 * S);
    expect(b.recover(I, 60 * S)).toEqual({ from: "half_open", to: "half_open", recoverAtMs: null });
    expect(b.recover("unknown", 60 * S)).toEqual({
      from: "closed",
      to: "closed",
      recoverAtMs: null,
    });
  });

  it("admits exactly one probe while HALF_OPEN", () => {
    const b = opened(0);
    b.recover(I, 30 * S);
    expect(b.canAdmit(I)).toBe(true);
    expect(b.tryAcquire(I)).toBe(true);
    expect(b.state(I).probeInFlight).toBe(true);
    expect(b.canAdmit(I)).toBe(false);
    expect(b.tryAcquire(I)).toBe(false);
    expect(b.tryAcquire(I)).toBe(false);
  });

  it("frees the probe slot when the probe ends without a verdict", () => {
    const b = opened(0);
    b.recover(I, 30 * S);
    expect(b.releaseProbe(I)).toBe(false);
    b.tryAcquire(I);
    expect(b.releaseProbe(I)).toBe(true);
    expect(b.tryAcquire(I)).toBe(true);
    expect(new CircuitBreakers().releaseProbe(I)).toBe(false);
  });

  it("closes on a probe success and resets the recovery delay", () => {
    const b = opened(0);
    b.recover(I, 30 * S);
    b.tryAcquire(I);
    b.recordFailure(I, 30 * S); // reopened: next delay 60 s
    b.recover(I, 90 * S);
    b.tryAcquire(I);
    expect(b.recordSuccess(I)).toEqual({ from: "half_open", to: "closed", recoverAtMs: null });
    expect(b.state(I)).toEqual(new CircuitBreakers().state(I));
    expect(b.tryAcquire(I)).toBe(true);
    expect(b.tryAcquire(I)).toBe(true);
    for (let i = 0; i < 4; i++) b.recordFailure(I, 100 * S);
    expect(b.recordFailure(I, 100 * S).recoverAtMs).toBe(130 * S);
  });

  it("reopens on a probe failure with the delay doubled, capped at 300 s", () => {
    const b = opened(0);
    let due = 30 * S;
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const now = due;
      expect(b.recover(I, now).to).toBe("half_open");
      expect(b.tryAcquire(I)).toBe(true);
      const change = b.recordFailure(I, now);
      expect(change.from).toBe("half_open");
      expect(change.to).toBe("open");
      due = change.recoverAtMs ?? Number.NaN;
      delays.push((due - now) / S);
    }
    expect(delays).toEqual([60, 120, 240, 300, 300, 300]);
  });

  it("computes the delay from the number of openings", () => {
    const b = new CircuitBreakers({ recoveryBaseMs: 1000, recoveryMaxMs: 5000 });
    expect([1, 2, 3, 4, 60].map((n) => b.recoveryDelayMs(n))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
    expect(() => b.recoveryDelayMs(0)).toThrow(TypeError);
  });

  it("rejects bad options and times", () => {
    expect(() => new CircuitBreakers({ threshold: 0 })).toThrow(TypeError);
    expect(() => new CircuitBreakers({ threshold: 2.5 })).toThrow(TypeError);
    expect(() => new CircuitBreakers({ recoveryBaseMs: -1 })).toThrow(TypeError);
    expect(() => new CircuitBreakers().recordFailure(I, Number.NaN)).toThrow(TypeError);
    expect(() => new CircuitBreakers().recover(I, -1)).toThrow(TypeError);
  });

  it("restores saved breakers, freeing a HALF_OPEN probe, and rejects bad ones", () => {
    const b = new CircuitBreakers();
    const open: BreakerState = {
      phase: "open",
      consecutiveFailures: 7,
      openings: 2,
      recoverAtMs: 5 * S,
      probeInFlight: false,
    };
    b.restore(I, open);
    expect(b.entries()).toEqual([[I, open]]);
    expect(b.recover(I, 5 * S).to).toBe("half_open");
    b.restore("x", { ...open, phase: "half_open", recoverAtMs: null, probeInFlight: true });
    expect(b.tryAcquire("x")).toBe(true);
    const bad = (s: Partial<BreakerState>) => () => b.restore("y", { ...open, ...s });
    expect(bad({ phase: "opened" as never })).toThrow(TypeError);
    expect(bad({ recoverAtMs: null })).toThrow(TypeError);
    expect(bad({ phase: "closed", openings: 0 })).toThrow(TypeError);
    expect(bad({ phase: "closed", openings: 1, recoverAtMs: null })).toThrow(TypeError);
    expect(bad({ consecutiveFailures: -1 })).toThrow(TypeError);
  });

  it("never admits more than one probe per HALF_OPEN period under any call sequence (property)", () => {
    const op = fc.oneof(
      fc.constant("acquire" as const),
      fc.constant("release" as const),
      fc.constant("success" as const),
      fc.constant("failure" as const),
      fc.constant("recover" as const),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const b = new CircuitBreakers({ threshold: 2 });
        let now = 0;
        let probesThisPeriod = 0;
        for (const o of ops) {
          now += 10 * S;
          const before = b.state(I).phase;
          if (o === "acquire") {
            const admitted = b.tryAcquire(I);
            if (before === "open") expect(admitted).toBe(false);
            if (admitted && before === "half_open") probesThisPeriod += 1;
          } else if (o === "release") {
            if (b.releaseProbe(I)) probesThisPeriod -= 1;
          } else if (o === "success") b.recordSuccess(I);
          else if (o === "failure") b.recordFailure(I, now);
          else b.recover(I, now + 300 * S);
          const s = b.state(I);
          if (s.phase !== "half_open") probesThisPeriod = 0;
          expect(probesThisPeriod).toBeLessThanOrEqual(1);
          expect(s.probeInFlight).toBe(s.phase === "half_open" && probesThisPeriod === 1);
          expect(s.recoverAtMs !== null).toBe(s.phase === "open");
          expect(s.consecutiveFailures).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
