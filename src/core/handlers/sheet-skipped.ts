import type { SheetSkipped } from "../events/sheet-events.js";
import type { CoreContext } from "../state/core-context.js";
import { transition } from "../state/transition.js";

/**
 * An intentional skip (spec §2.3.2): any unfinished sheet → SKIPPED with no error code, so its
 * dependents proceed. Terminal sheets are untouched (F-045). An in-flight sheet is skipped too;
 * its musician is told to stop (a `cancelAttempt` effect) and its late result is ignored.
 */
export function handleSheetSkipped(ctx: CoreContext, e: SheetSkipped): void {
  const found = ctx.lookup(e.jobId, e.sheetNum, e.type);
  if (found === undefined) return;
  transition(ctx, found.job, found.sheet, "skipped", {
    errorCode: null,
    errorMessage: e.reason === "" ? null : `Skipped: ${e.reason}`,
  });
}
