/** The eleven statuses of a sheet; the string is what checkpoints store. */
export const SHEET_STATUSES = [
  "pending",
  "ready",
  "dispatched",
  "in_progress",
  "waiting",
  "retry_scheduled",
  "fermata",
  "completed",
  "failed",
  "skipped",
  "cancelled",
] as const;

export type SheetStatus = (typeof SHEET_STATUSES)[number];

/** Absorbing statuses: no handler changes a sheet once it is in one of these (see `isTerminal`). */
export const TERMINAL_STATUSES: ReadonlySet<SheetStatus> = new Set(
  SHEET_STATUSES.filter(isTerminal),
);

/** Statuses a dispatch pass may pick a sheet from. */
export const DISPATCHABLE_STATUSES: ReadonlySet<SheetStatus> = new Set(["pending", "ready"]);

/** Statuses that satisfy a dependency (`skipped` only without an error code: see isSatisfying). */
export const SATISFYING_STATUSES: ReadonlySet<SheetStatus> = new Set(["completed", "skipped"]);

/** Statuses shown as "running". */
export const ACTIVE_STATUSES: ReadonlySet<SheetStatus> = new Set(["dispatched", "in_progress"]);

/** True when no handler may change a sheet in `status`. */
export function isTerminal(status: SheetStatus): boolean {
  // A switch, not TERMINAL_STATUSES.has: this runs several times per event.
  switch (status) {
    case "completed":
    case "failed":
    case "skipped":
    case "cancelled":
      return true;
    default:
      return false;
  }
}

/** True when a sheet in `status` (with `errorCode`) lets its dependents run. */
export function isSatisfying(status: SheetStatus, errorCode: string | null): boolean {
  return status === "completed" || (status === "skipped" && errorCode === null);
}

/** Parses a stored status; an unknown string is an error, never a default. */
export function parseSheetStatus(value: string): SheetStatus {
  const status = SHEET_STATUSES.find((s) => s === value);
  if (status === undefined) throw new TypeError(`unknown sheet status '${value}'`);
  return status;
}
