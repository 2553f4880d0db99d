import type { CancelJob } from "../events/job-events.js";
import type { CoreContext } from "../state/core-context.js";
import { deregisterJob } from "../state/registry.js";
import { cancelUnfinished } from "./job-timeout.js";

/** Cancels every unfinished sheet, then deregisters the job (spec §2.3.16); late events are no-ops. */
export function handleCancelJob(ctx: CoreContext, e: CancelJob): void {
  const job = ctx.lookupJob(e.jobId, e.type);
  if (job === undefined) return;
  cancelUnfinished(ctx, job, "Job cancelled");
  deregisterJob(ctx, e.jobId);
}
