import { describe, expect, it } from "vitest";
import { checkpoint } from "../../../test/support/checkpoint-fixtures.js";
import { circuitBreakerRecovery, rateLimitExpired } from "../events/instrument-events.js";
import { jobTimeout } from "../events/job-events.js";
import { retryDue } from "../events/sheet-events.js";
import type { BatonEvent } from "../events/baton-event.js";
import { CircuitBreakers } from "../instruments/circuit-breaker.js";
import { RateLimits } from "../instruments/rate-limit.js";
import { TimerWheel } from "../timers/timer-wheel.js";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint-codec.js";
import { captureInstruments, restoreInstruments } from "./instrument-checkpoint.js";
import { jobTimers, timerSnapshotEntries } from "./timer-checkpoint.js";

const NOW = 1_800_000_000_000;

describe("instrument state in checkpoints", () => {
  it("survives capture, encode, decode and restore exactly", () => {
    const limits = new RateLimits();
    limits.hit("claude", 60_000, NOW);
    limits.hit("gpt:mini", 5_000, NOW);
    const breakers = new CircuitBreakers({ threshold: 1 });
    breakers.recordFailure("gpt", NOW); // open, recovery in 30 s
    breakers.recordFailure("probe", NOW);
    breakers.recover("probe", NOW + 30_000); // half-open
    breakers.tryAcquire("probe"); // its probe is in flight when the process dies
    const captured = captureInstruments(limits, breakers);
    const text = encodeCheckpoint(checkpoint({ instruments: captured }));
    const saved = decodeCheckpoint(text, "mem").instruments;
    expect(saved).toEqual(captured);

    const limits2 = new RateLimits();
    const breakers2 = new CircuitBreakers({ threshold: 1 });
    restoreInstruments(saved, limits2, breakers2);
    expect(limits2.entries()).toEqual(limits.entries());
    expect(breakers2.state("gpt")).toEqual(breakers.state("gpt"));
    expect(breakers2.state("probe")).toEqual({ ...breakers.state("probe"), probeInFlight: false });
    expect(breakers2.canAdmit("probe")).toBe(true);
  });
});

describe("timers in checkpoints", () => {
  it("keeps a job's own timers and instrument timers, and goes back into a wheel unchanged", () => {
    const wheel = new TimerWheel<BatonEvent>();
    wheel.schedule(NOW + 10, retryDue({ jobId: "a", sheetNum: 1 }, NOW), "retry:a:1");
    wheel.schedule(NOW + 5, jobTimeout({ jobId: "b" }, NOW));
    wheel.schedule(NOW + 20, rateLimitExpired({ instrument: "claude" }, NOW), "rl:claude");
    wheel.schedule(NOW + 1, circuitBreakerRecovery({ instrument: "gpt" }, NOW));
    const timers = jobTimers(wheel.snapshot(), "a");
    expect(timers.map((t) => t.event.type)).toEqual([
      "CircuitBreakerRecovery",
      "RetryDue",
      "RateLimitExpired",
    ]);
    const back = decodeCheckpoint(encodeCheckpoint(checkpoint({ jobId: "a", timers })), "mem");
    const wheel2 = new TimerWheel<BatonEvent>();
    wheel2.restore(timerSnapshotEntries(back.timers));
    expect(wheel2.snapshot()).toEqual(
      wheel.snapshot().filter((e) => !("jobId" in e.payload) || e.payload.jobId === "a"),
    );
  });
});
