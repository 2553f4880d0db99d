import { describe, expect, it } from "vitest";
import { CircuitBreakers } from "../instruments/circuit-breaker.js";
import { RateLimits } from "../instruments/rate-limit.js";
import type { InstrumentsCheckpoint } from "./checkpoint-types.js";
import { restoreInstruments } from "./instrument-checkpoint.js";

const NOW = 1_800_000_000_000;

// Job A saved early (breaker tripped once, short limit); job B saved later (tripped twice).
const A: InstrumentsCheckpoint = {
  rateLimits: [{ key: "claude", expiresAtMs: NOW + 90_000 }],
  breakers: [
    { key: "gpt", phase: "open", consecutiveFailures: 5, openings: 1, recoverAtMs: NOW + 30_000 },
  ],
};
const B: InstrumentsCheckpoint = {
  rateLimits: [{ key: "claude", expiresAtMs: NOW + 10_000 }],
  breakers: [
    { key: "gpt", phase: "open", consecutiveFailures: 6, openings: 2, recoverAtMs: NOW + 60_000 },
  ],
};

describe("restoreInstruments: several jobs share instruments", () => {
  it("merges whatever the restore order: the later expiry and the more severe breaker stand", () => {
    for (const order of [
      [A, B],
      [B, A],
    ]) {
      const limits = new RateLimits();
      const breakers = new CircuitBreakers();
      for (const saved of order) restoreInstruments(saved, limits, breakers);
      expect(limits.expiresAt("claude")).toBe(NOW + 90_000);
      expect(breakers.state("gpt")).toMatchObject({ openings: 2, recoverAtMs: NOW + 60_000 });
    }
  });
});
