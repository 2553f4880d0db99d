import type { FallbackReason } from "../retry/fallback-reason.js";

// The type lives with the code that derives reasons (retry/fallback-reason.ts); events need the
// list at run time to check `InstrumentFallback.reason`. Keyed by every member, so the list
// cannot drift from the type.
const REASONS: Record<FallbackReason, true> = {
  auth_failure: true,
  unavailable: true,
  rate_limit: true,
  exhausted: true,
  rate_limit_exhausted: true,
  validation_failed: true,
  validation_incomplete: true,
  execution_timeout: true,
  execution_crashed: true,
  execution_stale: true,
  execution_failed: true,
};

/** Every reason a sheet may move along its fallback chain for (spec §1.7). */
export const FALLBACK_REASONS: readonly FallbackReason[] = Object.freeze(
  Object.keys(REASONS) as FallbackReason[],
);
