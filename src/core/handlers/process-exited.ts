import type { ProcessExited } from "../events/sheet-events.js";
import { sheetAttemptResult } from "../events/sheet-attempt-result.js";
import type { CoreContext } from "../state/core-context.js";
import { handleSheetAttemptResult } from "./sheet-attempt-result.js";

/**
 * The attempt's process died on its own (spec §2.3.18, F-063): only for a DISPATCHED sheet and
 * the current attempt, a synthetic PROCESS_CRASH failure ($0, +1 normal attempt, breaker
 * failure) runs through the normal decision tree.
 */
export function handleProcessExited(ctx: CoreContext, e: ProcessExited): void {
  const found = ctx.lookup(e.jobId, e.sheetNum, e.type);
  if (found === undefined) return;
  const { sheet } = found;
  if (sheet.status !== "dispatched") return;
  if (e.attemptId !== null && e.attemptId !== sheet.attemptId) return;
  const code = e.exitCode === null ? "" : ` with code ${e.exitCode}`;
  const result = sheetAttemptResult(
    {
      jobId: e.jobId,
      sheetNum: e.sheetNum,
      instrumentName: sheet.leaseInstrument ?? sheet.instrumentName,
      attempt: sheet.normalAttempts + sheet.completionAttempts + 1,
      attemptId: sheet.attemptId,
      executionSuccess: false,
      exitCode: e.exitCode,
      errorClassification: "PROCESS_CRASH",
      errorMessage: `Backend process ${e.pid} exited unexpectedly${code}`,
    },
    ctx.now(),
  );
  handleSheetAttemptResult(ctx, result);
}
