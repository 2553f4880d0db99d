// The log side's defaults, in one place (shared/design.md §5).

/**
 * A node's current log file is rotated once the next line would take it past this many bytes.
 * kubelet rotates container logs at 10 MiB × 5 files; a circuit runs many services on one
 * machine, so each keeps less.
 */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Rotated files kept per node (`<node>.log.1` … `.N`) besides the current one. */
export const DEFAULT_MAX_FILES = 3;

/** How long an appended line may wait in memory before the flush timer writes it, ms. */
export const DEFAULT_FLUSH_MS = 200;

/** Lines held in memory between flushes, all nodes together; beyond it the oldest are dropped. */
export const DEFAULT_MAX_BUFFERED_LINES = 10_000;

/** How often `followLogs` looks for new lines, ms (GNU `tail -F` sleeps 1 s; a person watches this). */
export const DEFAULT_FOLLOW_POLL_MS = 250;
