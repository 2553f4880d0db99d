import type { EscalationTimeout } from "../events/escalation-events.js";
import type { CoreContext } from "../state/core-context.js";
import { E999 } from "../state/transition.js";
import { checkJobCost, failSheet } from "./sheet-flow.js";

/**
 * Nobody decided in time (spec §2.3.13): the safe default fails the sheet, not the job; its
 * dependents cascade and other sheets go on. A later resolution is a no-op.
 */
export function handleEscalationTimeout(ctx: CoreContext, e: EscalationTimeout): void {
  const found = ctx.lookup(e.jobId, e.sheetNum, e.type);
  if (found === undefined || found.sheet.status !== "fermata") return;
  failSheet(ctx, found.job, found.sheet, E999, "Escalation timed out with no response");
  checkJobCost(ctx, found.job);
}
