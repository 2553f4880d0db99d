import type { EscalationResolved } from "../events/escalation-events.js";
import type { CoreContext } from "../state/core-context.js";
import { E999, transition } from "../state/transition.js";
import { checkJobCost, failSheet } from "./sheet-flow.js";

/**
 * A decision about a FERMATA sheet (spec §2.3.12): retry → PENDING (budgets kept), skip →
 * SKIPPED (satisfies dependents), accept → COMPLETED, anything else → FAILED (E999, cascade).
 * No effect unless the sheet is FERMATA. The escalation pause lifts when no FERMATA is left
 * (F-066) and only that reason; the cost limit is then re-checked (F-067).
 */
export function handleEscalationResolved(ctx: CoreContext, e: EscalationResolved): void {
  const found = ctx.lookup(e.jobId, e.sheetNum, e.type);
  if (found === undefined || found.sheet.status !== "fermata") return;
  const { job, sheet } = found;
  switch (e.decision) {
    case "retry":
      transition(ctx, job, sheet, "pending");
      break;
    case "skip":
      transition(ctx, job, sheet, "skipped", { errorCode: null });
      break;
    case "accept":
      transition(ctx, job, sheet, "completed");
      break;
    default:
      failSheet(ctx, job, sheet, E999, `Escalation resolved with decision: ${e.decision}`);
  }
  checkJobCost(ctx, job);
}
