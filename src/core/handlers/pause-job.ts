import type { PauseJob } from "../events/job-events.js";
import type { CoreContext } from "../state/core-context.js";

/** Adds the event's reason to the job's pause reasons (spec §2.3.14); in-flight work finishes. */
export function handlePauseJob(ctx: CoreContext, e: PauseJob): void {
  const job = ctx.lookupJob(e.jobId, e.type);
  if (job === undefined || job.pauseReasons.has(e.reason)) return;
  job.pauseReasons.add(e.reason);
  ctx.markDirty(job);
}
