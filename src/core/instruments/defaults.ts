// Instrument defaults, one place for the folder. Seconds in the spec, milliseconds here.

/** Concurrency cap of an instrument registered without one (spec §1.6, Appendix A). */
export const DEFAULT_MAX_CONCURRENT = 4;

/** Consecutive failures that open an instrument's breaker (reference default, spec §6.2). */
export const BREAKER_FAILURE_THRESHOLD = 5;

/** Wait before the first half-open probe: 30 s (reference default, spec §6.2). */
export const BREAKER_RECOVERY_BASE_MS = 30_000;

/** Longest wait before a half-open probe: 300 s (reference cap, spec §6.2). */
export const BREAKER_RECOVERY_MAX_MS = 300_000;

/** Rate-limit wait when the musician parsed none: 60 s (spec §2.3.1 step 2, Appendix A). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
