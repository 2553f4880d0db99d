// Stats defaults, one place for the folder.

/** Per-target stats kept per adapter; further targets share one "other" bucket (memory bound). */
export const MAX_TRACKED_TARGETS = 256;

/** Longest last-error message kept, in UTF-16 code units; longer ones are cut. */
export const MAX_ERROR_MESSAGE_CHARS = 256;

/** Signals held per adapter between drains (spec §10.4: the aggregator's ring holds 10 000). */
export const SIGNAL_BUFFER_CAPACITY = 10_000;

/** Longest request path kept in a signal, in UTF-16 code units. */
export const MAX_SIGNAL_PATH_CHARS = 512;

/** Longest method kept in a signal; real methods are short tokens. */
export const MAX_SIGNAL_METHOD_CHARS = 32;

/** Longest `tracestate` kept: 512 chars (W3C Trace Context §3.3.1.5, "at least 512"). */
export const MAX_TRACESTATE_CHARS = 512;

/** Most `tracestate` list members: 32 (W3C Trace Context §3.3.1.1). */
export const MAX_TRACESTATE_MEMBERS = 32;
