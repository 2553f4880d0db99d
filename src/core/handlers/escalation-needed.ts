import type { EscalationNeeded } from "../events/escalation-events.js";
import type { CoreContext } from "../state/core-context.js";
import { isTerminal } from "../state/sheet-status.js";
import { transition } from "../state/transition.js";

/**
 * A sheet needs a human decision (spec §2.3.11): it enters FERMATA, which adds the job's
 * `escalation` pause reason and schedules the escalation timeout (spec §5.5 [RECOMMEND]).
 * An in-flight sheet is not re-labelled (spec §13.2): the request is logged and ignored; its
 * own result decides, and exhaustion can still escalate.
 */
export function handleEscalationNeeded(ctx: CoreContext, e: EscalationNeeded): void {
  const found = ctx.lookup(e.jobId, e.sheetNum, e.type);
  if (found === undefined || isTerminal(found.sheet.status)) return;
  if (found.sheet.status === "dispatched") {
    ctx.log("warn", "baton.fermata.ignored_in_flight", { jobId: e.jobId, sheetNum: e.sheetNum });
    return;
  }
  transition(ctx, found.job, found.sheet, "fermata");
}
