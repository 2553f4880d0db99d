import type { FallbackReason } from "../retry/fallback-reason.js";
import type { EventBase, EventInit } from "./event-base.js";
import {
  checkAmount,
  checkName,
  checkOneOf,
  checkOptionalName,
  checkPositiveInteger,
  checkTimestamp,
} from "./event-fields.js";
import { FALLBACK_REASONS } from "./fallback-reason.js";

// Events about an instrument's health: rate limits, circuit breakers, fallbacks (spec §2.2).

/** An instrument (or one `instrument:model` when `model` is set) is rate-limited for a while. */
export interface RateLimitHit extends EventBase<"RateLimitHit"> {
  readonly instrument: string;
  readonly waitSeconds: number;
  /** The sheet whose result reported the limit. */
  readonly jobId: string;
  readonly sheetNum: number;
  readonly model: string | null;
}

/** A rate limit has run out (timer); `model` set means the `instrument:model` limit. */
export interface RateLimitExpired extends EventBase<"RateLimitExpired"> {
  readonly instrument: string;
  readonly model: string | null;
}

/** An OPEN circuit breaker's recovery delay has elapsed: time for a HALF_OPEN probe (timer). */
export interface CircuitBreakerRecovery extends EventBase<"CircuitBreakerRecovery"> {
  readonly instrument: string;
}

/** A sheet moved to the next instrument of its fallback chain (core output, published). */
export interface InstrumentFallback extends EventBase<"InstrumentFallback"> {
  readonly jobId: string;
  readonly sheetNum: number;
  readonly fromInstrument: string;
  readonly toInstrument: string;
  readonly reason: FallbackReason;
}

/** Builds a frozen `RateLimitHit`; `now` is wall-clock ms. */
export function rateLimitHit(
  init: EventInit<RateLimitHit, "instrument" | "waitSeconds" | "jobId" | "sheetNum">,
  now: number,
): RateLimitHit {
  return Object.freeze({
    type: "RateLimitHit",
    instrument: checkName(init.instrument, "RateLimitHit.instrument"),
    waitSeconds: checkAmount(init.waitSeconds, "RateLimitHit.waitSeconds"),
    jobId: checkName(init.jobId, "RateLimitHit.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "RateLimitHit.sheetNum"),
    model: checkOptionalName(init.model ?? null, "RateLimitHit.model"),
    timestamp: checkTimestamp(now, "RateLimitHit.timestamp"),
  });
}

/** Builds a frozen `RateLimitExpired`; `now` is wall-clock ms. */
export function rateLimitExpired(
  init: EventInit<RateLimitExpired, "instrument">,
  now: number,
): RateLimitExpired {
  return Object.freeze({
    type: "RateLimitExpired",
    instrument: checkName(init.instrument, "RateLimitExpired.instrument"),
    model: checkOptionalName(init.model ?? null, "RateLimitExpired.model"),
    timestamp: checkTimestamp(now, "RateLimitExpired.timestamp"),
  });
}

/** Builds a frozen `CircuitBreakerRecovery`; `now` is wall-clock ms. */
export function circuitBreakerRecovery(
  init: EventInit<CircuitBreakerRecovery, "instrument">,
  now: number,
): CircuitBreakerRecovery {
  return Object.freeze({
    type: "CircuitBreakerRecovery",
    instrument: checkName(init.instrument, "CircuitBreakerRecovery.instrument"),
    timestamp: checkTimestamp(now, "CircuitBreakerRecovery.timestamp"),
  });
}

/** Builds a frozen `InstrumentFallback`; `now` is wall-clock ms. */
export function instrumentFallback(
  init: EventInit<
    InstrumentFallback,
    "jobId" | "sheetNum" | "fromInstrument" | "toInstrument" | "reason"
  >,
  now: number,
): InstrumentFallback {
  return Object.freeze({
    type: "InstrumentFallback",
    jobId: checkName(init.jobId, "InstrumentFallback.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "InstrumentFallback.sheetNum"),
    fromInstrument: checkName(init.fromInstrument, "InstrumentFallback.fromInstrument"),
    toInstrument: checkName(init.toInstrument, "InstrumentFallback.toInstrument"),
    reason: checkOneOf(init.reason, FALLBACK_REASONS, "InstrumentFallback.reason"),
    timestamp: checkTimestamp(now, "InstrumentFallback.timestamp"),
  });
}
