import type { RetryDue } from "../events/sheet-events.js";
import type { CoreContext } from "../state/core-context.js";
import { transition } from "../state/transition.js";

/** A retry's backoff elapsed (spec §2.3.6): RETRY_SCHEDULED → PENDING; anything else is a no-op. */
export function handleRetryDue(ctx: CoreContext, e: RetryDue): void {
  const found = ctx.lookup(e.jobId, e.sheetNum, e.type);
  if (found === undefined || found.sheet.status !== "retry_scheduled") return;
  transition(ctx, found.job, found.sheet, "pending");
}
