import type { SheetDispatched } from "../events/sheet-events.js";
import type { CoreContext } from "../state/core-context.js";
import { transition } from "../state/transition.js";

/**
 * A sheet was handed to a musician (spec §2.3.3). Applied synchronously by the dispatch pass,
 * which has already taken the concurrency slot. Only a PENDING/READY sheet can be dispatched,
 * so a sheet never runs twice at once; the event's attempt id becomes the current one.
 */
export function handleSheetDispatched(ctx: CoreContext, e: SheetDispatched): void {
  const found = ctx.lookup(e.jobId, e.sheetNum, e.type);
  if (found === undefined) return;
  const { job, sheet } = found;
  if (sheet.status !== "pending" && sheet.status !== "ready") {
    ctx.log("warn", "baton.sheet.dispatch_ignored", {
      jobId: e.jobId,
      sheetNum: e.sheetNum,
      status: sheet.status,
    });
    return;
  }
  transition(ctx, job, sheet, "dispatched");
  sheet.attemptId = e.attemptId ?? sheet.nextAttemptId();
  sheet.dispatchedAt = e.timestamp;
  sheet.errorCode = null;
  sheet.errorMessage = null;
}
