import type { JobTimeout } from "../events/job-events.js";
import type { CoreContext } from "../state/core-context.js";
import type { JobRecord } from "../state/job-record.js";
import { isTerminal } from "../state/sheet-status.js";
import { transition } from "../state/transition.js";

/** Every unfinished sheet of the job → CANCELLED (no cascade: all of them are cancelled). */
export function cancelUnfinished(ctx: CoreContext, job: JobRecord, why: string): void {
  for (const sheet of job.sheets.values()) {
    if (isTerminal(sheet.status)) continue;
    transition(ctx, job, sheet, "cancelled", { errorMessage: why, cascade: false });
  }
}

/** The job's wall-clock limit elapsed (spec §2.3.9, scheduled at registration, §6.5). */
export function handleJobTimeout(ctx: CoreContext, e: JobTimeout): void {
  const job = ctx.lookupJob(e.jobId, e.type);
  if (job === undefined) return;
  cancelUnfinished(ctx, job, "Job exceeded its timeout");
}
