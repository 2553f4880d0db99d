import type { ResumeJob } from "../events/job-events.js";
import type { CoreContext } from "../state/core-context.js";
import { parseJobConfig } from "../state/job-config.js";
import { rebuildJob } from "../state/registry.js";
import { checkJobCost } from "./sheet-flow.js";

/**
 * Lifts the event's pause reason only (spec §13.2: one source never lifts another's pause), so
 * a user resume leaves a FERMATA or cost pause in place; the cost limit is re-checked (F-140).
 * With `newConfig` the job is first rebuilt from it inside the core (spec §7.5 [RECOMMEND]).
 */
export function handleResumeJob(ctx: CoreContext, e: ResumeJob): void {
  let job = ctx.lookupJob(e.jobId, e.type);
  if (job === undefined) return;
  if (e.newConfig !== null) {
    const config = parseJobConfig(e.jobId, e.newConfig);
    job = rebuildJob(ctx, job, config.sheets, config.dependencies, config.options);
  }
  if (e.reason === "escalation" && job.fermata > 0) {
    ctx.log("warn", "baton.job.resume_refused", { jobId: e.jobId, reason: "sheets in fermata" });
  } else job.pauseReasons.delete(e.reason);
  checkJobCost(ctx, job);
  ctx.markDirty(job);
}
