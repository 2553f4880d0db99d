import type { PacingComplete } from "../events/job-events.js";
import type { CoreContext } from "../state/core-context.js";

/** The pause between sheets is over (spec §2.3.10). The timer is keyed, so an older one never ends a newer window. */
export function handlePacingComplete(ctx: CoreContext, e: PacingComplete): void {
  const job = ctx.lookupJob(e.jobId, e.type);
  if (job === undefined || !job.pacingActive) return;
  job.pacingActive = false;
  ctx.markDirty(job);
}
