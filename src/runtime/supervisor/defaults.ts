/** How long `stop()` waits after SIGTERM before SIGKILL, in ms. Docker's `docker stop` waits 10 s and Kubernetes 30 s; a local dev service that needs more than 5 s to quit is stuck. */
export const STOP_GRACE_MS = 5_000;

/**
 * Longest line of service output kept whole, in UTF-16 code units (64 Ki). A longer line is cut
 * there and marked, so one runaway write (a minified bundle, a binary dump) cannot grow memory.
 */
export const MAX_LINE_CHARS = 65_536;

/** Appended to a line cut at MAX_LINE_CHARS; the rest of that line, up to its newline, is dropped. */
export const CUT_MARKER = " …[line cut]";

/**
 * After the service's process exits, how long to wait for its stdout and stderr to reach end of
 * file, in ms. Only a process that left the group (setsid) and kept the pipes can hold them open.
 */
export const EXIT_DRAIN_MS = 1_000;
