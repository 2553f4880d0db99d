import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom, type Random } from "../../common/index.js";
import { RETRY_BASE_INTERVAL_MS, RETRY_MAX_INTERVAL_MS, RETRY_MAX_RETRIES } from "./defaults.js";
import {
  decideRetry,
  isIdempotent,
  retryDelayMs,
  type AttemptFailure,
  type RetryInput,
} from "./retry-policy.js";

/** A source that always returns `r`. */
const fixed = (r: number): Random => ({ next: () => r });
const NEVER: Random = {
  next: () => {
    throw new Error("random drawn");
  },
};

// fc.double is uniform over float encodings (most draws land near 0), so ranges are built from
// integers to spread values evenly.
const unit = fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((i) => i / 2 ** 32);
const ms = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((i) => i / 100);

const base: RetryInput = {
  method: "GET",
  retriesDone: 0,
  failure: { kind: "reset_before_response" },
  responseStarted: false,
  remainingMs: Infinity,
};

describe("retry defaults (Envoy/Istio)", () => {
  it("are 2 retries, 25 ms base, 250 ms cap", () => {
    expect([RETRY_MAX_RETRIES, RETRY_BASE_INTERVAL_MS, RETRY_MAX_INTERVAL_MS]).toEqual([
      2, 25, 250,
    ]);
  });
});

describe("retryDelayMs", () => {
  it("is random × min(cap, base × 2^retriesDone)", () => {
    expect(retryDelayMs(0, fixed(0.5))).toBe(12.5);
    expect(retryDelayMs(1, fixed(0.5))).toBe(25);
    expect(retryDelayMs(3, fixed(0.5))).toBe(100);
    expect(retryDelayMs(4, fixed(0.5))).toBe(125); // 400 capped at 250
    expect(retryDelayMs(2000, fixed(0.5))).toBe(125); // 2^2000 overflows; the cap absorbs it
    expect(retryDelayMs(0, fixed(0))).toBe(0);
    expect(retryDelayMs(1, fixed(0.5), { baseMs: 100, capMs: 150 })).toBe(75);
    expect(retryDelayMs(5, fixed(0.5), { baseMs: 0 })).toBe(0);
  });

  it("rejects bad input and bad random sources (programmer errors)", () => {
    expect(() => retryDelayMs(-1, fixed(0.5))).toThrow(TypeError);
    expect(() => retryDelayMs(1.5, fixed(0.5))).toThrow(TypeError);
    expect(() => retryDelayMs(0, fixed(1))).toThrow(TypeError);
    expect(() => retryDelayMs(0, fixed(NaN))).toThrow(TypeError);
    expect(() => retryDelayMs(0, fixed(0.5), { baseMs: -1 })).toThrow(TypeError);
    expect(() => retryDelayMs(0, fixed(0.5), { capMs: Infinity })).toThrow(TypeError);
  });

  it("always lies within [0, cap] (property)", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 5000 }),
        unit,
        ms(1e5),
        ms(1e5),
        (retriesDone, r, baseMs, capMs) => {
          const d = retryDelayMs(retriesDone, fixed(r), { baseMs, capMs });
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(capMs);
          expect(retryDelayMs(retriesDone, fixed(r))).toBeLessThanOrEqual(RETRY_MAX_INTERVAL_MS);
        },
      ),
    );
  });
});

describe("isIdempotent", () => {
  it("knows the RFC 9110 idempotent methods, case-sensitively", () => {
    for (const m of ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"])
      expect(isIdempotent(m)).toBe(true);
    for (const m of ["POST", "PATCH", "CONNECT", "get", "", undefined])
      expect(isIdempotent(m)).toBe(false);
  });
});

describe("decideRetry", () => {
  it("retries a retryable failure of an idempotent request, with jittered delay", () => {
    expect(decideRetry(base, fixed(0.5))).toEqual({ retry: true, delayMs: 12.5 });
    expect(decideRetry({ ...base, retriesDone: 1 }, fixed(0.5))).toEqual({
      retry: true,
      delayMs: 25,
    });
  });

  it("retries 502, 503, 504 from the backend but no other status", () => {
    for (const status of [502, 503, 504])
      expect(decideRetry({ ...base, failure: { kind: "status", status } }, fixed(0)).retry).toBe(
        true,
      );
    for (const status of [200, 404, 429, 500, 501, 505])
      expect(decideRetry({ ...base, failure: { kind: "status", status } }, NEVER)).toEqual({
        retry: false,
        reason: "not_retryable",
      });
  });

  it("never retries a 504 our own deadline produced", () => {
    expect(decideRetry({ ...base, failure: { kind: "deadline_exceeded" } }, NEVER)).toEqual({
      retry: false,
      reason: "own_deadline",
    });
  });

  it("never retries once response bytes reached the client", () => {
    const failure: AttemptFailure = { kind: "connect_refused" };
    expect(decideRetry({ ...base, failure, responseStarted: true }, NEVER)).toEqual({
      retry: false,
      reason: "response_started",
    });
  });

  it("stops after maxRetries (default 2)", () => {
    expect(decideRetry({ ...base, retriesDone: 2 }, NEVER)).toEqual({
      retry: false,
      reason: "retries_exhausted",
    });
    expect(decideRetry({ ...base, retriesDone: 2 }, fixed(0), { maxRetries: 3 }).retry).toBe(true);
    expect(decideRetry(base, NEVER, { maxRetries: 0 })).toEqual({
      retry: false,
      reason: "retries_exhausted",
    });
  });

  it("retries a non-idempotent request only when no byte reached the backend", () => {
    const post = { ...base, method: "POST" };
    expect(decideRetry(post, NEVER)).toEqual({ retry: false, reason: "not_idempotent" });
    expect(decideRetry({ ...post, failure: { kind: "status", status: 503 } }, NEVER)).toEqual({
      retry: false,
      reason: "not_idempotent",
    });
    for (const kind of ["connect_refused", "connect_timeout"] as const)
      expect(decideRetry({ ...post, failure: { kind } }, fixed(0)).retry).toBe(true);
    // A reset on a pooled socket before any byte was written is safe to resend too.
    expect(decideRetry({ ...post, requestSent: false }, fixed(0)).retry).toBe(true);
    // The proxy may say bytes went out even on a connect-phase error (e.g. TLS after TCP).
    expect(
      decideRetry({ ...post, failure: { kind: "connect_timeout" }, requestSent: true }, NEVER),
    ).toEqual({ retry: false, reason: "not_idempotent" });
    // TCP has no method: only unsent requests are retried.
    expect(decideRetry({ ...base, method: undefined }, NEVER).retry).toBe(false);
    expect(
      decideRetry({ ...base, method: undefined, failure: { kind: "connect_refused" } }, fixed(0))
        .retry,
    ).toBe(true);
  });

  it("never waits past the remaining deadline", () => {
    expect(decideRetry({ ...base, remainingMs: 0 }, NEVER)).toEqual({
      retry: false,
      reason: "deadline_too_close",
    });
    expect(decideRetry({ ...base, remainingMs: 12.5 }, fixed(0.5))).toEqual({
      retry: false,
      reason: "deadline_too_close",
    });
    expect(decideRetry({ ...base, remainingMs: 12.6 }, fixed(0.5))).toEqual({
      retry: true,
      delayMs: 12.5,
    });
  });

  it("rejects a bad maxRetries or a NaN deadline (programmer errors)", () => {
    expect(() => decideRetry(base, fixed(0), { maxRetries: -1 })).toThrow(TypeError);
    expect(() => decideRetry({ ...base, remainingMs: NaN }, fixed(0))).toThrow(TypeError);
  });

  it("upholds its invariants for any input (property)", () => {
    const failure = fc.oneof(
      fc.constantFrom<AttemptFailure>(
        { kind: "connect_refused" },
        { kind: "connect_timeout" },
        { kind: "reset_before_response" },
        { kind: "deadline_exceeded" },
      ),
      fc
        .integer({ min: 100, max: 599 })
        .map((status): AttemptFailure => ({ kind: "status", status })),
    );
    const input = fc.record({
      method: fc.option(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), {
        nil: undefined,
      }),
      retriesDone: fc.nat({ max: 5 }),
      failure,
      requestSent: fc.option(fc.boolean(), { nil: undefined }),
      responseStarted: fc.boolean(),
      remainingMs: fc.oneof(
        ms(300).map((x) => x - 10),
        fc.constant(Infinity),
      ),
    });
    fc.assert(
      fc.property(input, fc.integer(), (i, seed) => {
        const d = decideRetry(i, seededRandom(seed));
        if (!d.retry) return;
        expect(d.delayMs).toBeGreaterThanOrEqual(0);
        expect(d.delayMs).toBeLessThanOrEqual(RETRY_MAX_INTERVAL_MS);
        expect(d.delayMs).toBeLessThan(i.remainingMs);
        expect(i.responseStarted).toBe(false);
        expect(i.retriesDone).toBeLessThan(RETRY_MAX_RETRIES);
        expect(i.failure.kind).not.toBe("deadline_exceeded");
        const connect =
          i.failure.kind === "connect_refused" || i.failure.kind === "connect_timeout";
        if (!isIdempotent(i.method)) expect(i.requestSent ?? !connect).toBe(false);
      }),
    );
  });
});
