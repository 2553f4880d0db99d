import { staleCheck, type StaleCheck } from "../events/sheet-events.js";
import { STALE_RECHECK_MS, type CoreContext } from "../state/core-context.js";

/**
 * A dispatched attempt outlived its timeout plus grace (spec §6.6). The core cannot see the
 * musician, so it asks the shell (`checkStale` effect: a dead musician is reported as a
 * synthetic STALE result with the attempt id) and re-checks every 60 s while the attempt lasts.
 * A check for an older attempt, or a sheet no longer DISPATCHED, is ignored.
 */
export function handleStaleCheck(ctx: CoreContext, e: StaleCheck): void {
  const found = ctx.lookup(e.jobId, e.sheetNum, e.type);
  if (found === undefined) return;
  const { sheet } = found;
  if (sheet.status !== "dispatched") return;
  if (e.attemptId !== null && e.attemptId !== sheet.attemptId) return;
  ctx.effects.push({
    kind: "checkStale",
    jobId: e.jobId,
    sheetNum: e.sheetNum,
    attemptId: sheet.attemptId,
  });
  ctx.scheduleSheet(
    sheet,
    "staleTimer",
    STALE_RECHECK_MS,
    staleCheck({ jobId: e.jobId, sheetNum: e.sheetNum, attemptId: sheet.attemptId }, ctx.now()),
  );
}
