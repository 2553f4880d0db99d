/** Most targets in a weighted set, or rules in a header route: keeps every pick O(64) at worst. */
export const MAX_ROUTE_ENTRIES = 64;

/**
 * Largest weight of one target. 10 000 gives basis-point resolution (0.01 %) for splits while the
 * sum of 64 weights stays a small exact integer.
 */
export const MAX_WEIGHT = 10_000;

/** Longest accepted header-match regex, in UTF-16 code units: bounds compile and match cost. */
export const MAX_REGEX_LENGTH = 256;

/** Canary share is a percentage of requests: 0 = never, 100 = always. */
export const MAX_CANARY_PERCENT = 100;

/** Longest config string quoted back in a problem message, so one bad value cannot flood a report. */
export const MAX_QUOTED_LENGTH = 60;
