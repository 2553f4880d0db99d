// Retry defaults, one place for the folder. Seconds in the spec, milliseconds here.

/** Delay before the first retry: 10 s (reference default, spec §5.1 and Appendix A). */
export const RETRY_BASE_DELAY_MS = 10_000;

/** Growth of the retry delay per further failure (reference default, spec §5.1). */
export const RETRY_BACKOFF_FACTOR = 2;

/** Longest retry delay: 3600 s, reached from the 10th failure on (reference default, spec §5.1). */
export const RETRY_MAX_DELAY_MS = 3_600_000;

/** Delay before a completion-mode retry: 5 s (score `retry.completion_delay_seconds`, spec §5.1 [RECOMMEND]). */
export const COMPLETION_RETRY_DELAY_MS = 5_000;

/** Failed attempts a sheet may make on one instrument; the first try counts (spec §1.3.1, §1.9). */
export const DEFAULT_MAX_RETRIES = 3;

/** Partial (completion-mode) results a sheet may return on one instrument (spec §1.3.1). */
export const DEFAULT_MAX_COMPLETION = 5;

/** Self-healing attempts per sheet, never reset by a fallback (reference `MAX_HEALING`, spec §1.9). */
export const MAX_HEALING_ATTEMPTS = 1;

/** Pass rate, in percent, at and above which validations count as passed (spec §5.3). */
export const FULL_PASS_RATE_PERCENT = 100;
