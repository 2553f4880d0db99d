import { describe, expect, it } from "vitest";
import { FALLBACK_REASONS } from "./fallback-reason.js";
import {
  circuitBreakerRecovery,
  instrumentFallback,
  rateLimitExpired,
  rateLimitHit,
} from "./instrument-events.js";

const hit = { jobId: "j", sheetNum: 1, instrument: "claude-code" };
const fallback = { jobId: "j", sheetNum: 1, fromInstrument: "a", toInstrument: "b" };

describe("instrument events", () => {
  it("reject a negative, NaN or infinite rate-limit wait", () => {
    for (const waitSeconds of [-1, Number.NaN, Infinity])
      expect(() => rateLimitHit({ ...hit, waitSeconds }, 0)).toThrow(/^RateLimitHit\.waitSeconds /);
    expect(rateLimitHit({ ...hit, waitSeconds: 0 }, 0).waitSeconds).toBe(0);
  });

  it("key a rate limit by instrument, or by instrument and model", () => {
    expect(rateLimitHit({ ...hit, waitSeconds: 1, model: "opus" }, 0).model).toBe("opus");
    expect(rateLimitExpired({ instrument: "claude-code", model: "opus" }, 0).model).toBe("opus");
    expect(() => rateLimitExpired({ instrument: "i", model: "" }, 0)).toThrow(
      /^RateLimitExpired\.model /,
    );
    expect(() => rateLimitExpired({ instrument: "" }, 0)).toThrow(/^RateLimitExpired\.instrument /);
    expect(() => circuitBreakerRecovery({ instrument: "" }, 0)).toThrow(
      /^CircuitBreakerRecovery\.instrument /,
    );
  });

  it("accept the eleven fallback reasons of spec §1.7 and nothing else", () => {
    expect([...FALLBACK_REASONS].sort()).toEqual([
      "auth_failure",
      "execution_crashed",
      "execution_failed",
      "execution_stale",
      "execution_timeout",
      "exhausted",
      "rate_limit",
      "rate_limit_exhausted",
      "unavailable",
      "validation_failed",
      "validation_incomplete",
    ]);
    for (const reason of FALLBACK_REASONS)
      expect(instrumentFallback({ ...fallback, reason }, 0).reason).toBe(reason);
    const whim = { ...fallback, reason: "whim" } as unknown as Parameters<
      typeof instrumentFallback
    >[0];
    expect(() => instrumentFallback(whim, 0)).toThrow(/^InstrumentFallback\.reason must be one of/);
  });
});
