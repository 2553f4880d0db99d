import type { Random } from "../../common/index.js";
import { RETRY_BASE_INTERVAL_MS, RETRY_MAX_INTERVAL_MS, RETRY_MAX_RETRIES } from "./defaults.js";

/** Methods that RFC 9110 §9.2.2 defines as idempotent: safe to send twice. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "OPTIONS",
  "PUT",
  "DELETE",
  "TRACE",
]);

/** Why an attempt failed, as the proxy saw it. */
export type AttemptFailure =
  /** The backend refused the connection: no request byte reached it. */
  | { readonly kind: "connect_refused" }
  /** The connection was not established in time: no request byte reached it. */
  | { readonly kind: "connect_timeout" }
  /** The connection was reset or closed before any response byte arrived. */
  | { readonly kind: "reset_before_response" }
  /** The backend answered with this status (only 502, 503 and 504 are retryable). */
  | { readonly kind: "status"; readonly status: number }
  /** Our own per-request deadline ran out (the proxy answers 504 itself): never retried. */
  | { readonly kind: "deadline_exceeded" };

/** What the proxy knows after a failed attempt. */
export interface RetryInput {
  /** The request method; `undefined` for protocols without one (TCP), treated as non-idempotent. */
  readonly method: string | undefined;
  /** Retries already made for this request (0 after the first attempt fails). */
  readonly retriesDone: number;
  readonly failure: AttemptFailure;
  /**
   * Whether any request byte was written to the backend. Defaults to `false` for connect
   * failures and to `true` otherwise (the safe reading when the proxy cannot tell).
   */
  readonly requestSent?: boolean;
  /** Whether any response byte was already written to the client. */
  readonly responseStarted: boolean;
  /** Time left before the request's deadline, in ms (`Infinity` when it has none). */
  readonly remainingMs: number;
}

/** Why no retry happens. */
export type NoRetryReason =
  | "response_started"
  | "own_deadline"
  | "not_retryable"
  | "retries_exhausted"
  | "not_idempotent"
  | "deadline_too_close";

/** The verdict: wait `delayMs` and try again, or give up for `reason`. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: NoRetryReason };

/** Policy knobs; every field defaults to the Envoy/Istio value in `defaults.ts`. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  readonly maxRetries?: number;
  /** Backoff base before jitter, in ms (default 25). */
  readonly baseMs?: number;
  /** Backoff ceiling before jitter, in ms (default 250). */
  readonly capMs?: number;
}

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** Whether `method` (exact, case-sensitive as HTTP methods are) is idempotent. */
export function isIdempotent(method: string | undefined): boolean {
  return method !== undefined && IDEMPOTENT_METHODS.has(method);
}

/**
 * Full-jitter backoff (AWS "Exponential Backoff and Jitter", as Envoy does):
 * `random × min(cap, base × 2^retriesDone)`, so always within [0, cap].
 */
export function retryDelayMs(
  retriesDone: number,
  random: Random,
  options: RetryOptions = {},
): number {
  if (!Number.isSafeInteger(retriesDone) || retriesDone < 0)
    throw new TypeError(`retriesDone must be a non-negative integer, got ${retriesDone}`);
  const baseMs = nonNegative("baseMs", options.baseMs ?? RETRY_BASE_INTERVAL_MS);
  const capMs = nonNegative("capMs", options.capMs ?? RETRY_MAX_INTERVAL_MS);
  const r = random.next();
  if (!(r >= 0 && r < 1))
    throw new TypeError(`random source must return a value in [0, 1), got ${r}`);
  // 2^retriesDone overflows to Infinity for huge counts; min() absorbs it (base 0 avoids 0 × ∞).
  const ceiling = baseMs === 0 ? 0 : Math.min(capMs, baseMs * 2 ** retriesDone);
  return r * ceiling;
}

/**
 * Decides whether a failed attempt is tried again. Order matters: bytes already sent to the
 * client and our own deadline end the request whatever the cause; the random source is drawn
 * only when every other check has passed.
 */
export function decideRetry(
  input: RetryInput,
  random: Random,
  options: RetryOptions = {},
): RetryDecision {
  const maxRetries = options.maxRetries ?? RETRY_MAX_RETRIES;
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0)
    throw new TypeError(`maxRetries must be a non-negative integer, got ${maxRetries}`);
  if (Number.isNaN(input.remainingMs)) throw new TypeError("remainingMs must be a number, got NaN");
  const { failure } = input;
  if (input.responseStarted) return no("response_started");
  if (failure.kind === "deadline_exceeded") return no("own_deadline");
  if (failure.kind === "status" && !RETRYABLE_STATUSES.has(failure.status))
    return no("not_retryable");
  if (input.retriesDone >= maxRetries) return no("retries_exhausted");
  const connectFailure = failure.kind === "connect_refused" || failure.kind === "connect_timeout";
  const requestSent = input.requestSent ?? !connectFailure;
  if (requestSent && !isIdempotent(input.method)) return no("not_idempotent");
  if (input.remainingMs <= 0) return no("deadline_too_close");
  const delayMs = retryDelayMs(input.retriesDone, random, options);
  if (delayMs >= input.remainingMs) return no("deadline_too_close");
  return { retry: true, delayMs };
}

function no(reason: NoRetryReason): RetryDecision {
  return { retry: false, reason };
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new TypeError(`${name} must be a finite number ≥ 0, got ${value}`);
  return value;
}
