import type { A2ATaskCompleted, A2ATaskFailed } from "../events/a2a-events.js";
import type { CoreContext } from "../state/core-context.js";

/**
 * Ends a task (spec §10: from PENDING or ACCEPTED only) and routes its outcome into the
 * requesting job's results. Unknown or finished tasks are ignored.
 */
export function finishA2ATask(ctx: CoreContext, e: A2ATaskCompleted | A2ATaskFailed): void {
  const task = ctx.a2aTasks.get(e.taskId);
  const open = task !== undefined && (task.status === "pending" || task.status === "accepted");
  if (task === undefined || !open || task.targetJobId !== e.jobId) {
    ctx.log("debug", "baton.a2a.unknown_task", { taskId: e.taskId });
    return;
  }
  const completed = e.type === "A2ATaskCompleted";
  task.status = completed ? "completed" : "failed";
  // A finished task leaves the target's inbox and the index (its outcome goes to the requester).
  ctx.a2aTasks.delete(task.taskId);
  const target = ctx.jobs.get(task.targetJobId);
  if (target !== undefined) {
    const at = target.a2aInbox.indexOf(task);
    if (at >= 0) target.a2aInbox.splice(at, 1);
    ctx.markDirty(target);
  }
  const source = ctx.jobs.get(task.sourceJobId);
  if (source === undefined) return;
  source.a2aResults.push({
    taskId: task.taskId,
    sheetNum: task.sourceSheetNum,
    status: task.status,
    artifacts: completed ? e.artifacts : {},
    reason: completed ? null : e.reason,
  });
  ctx.markDirty(source);
}

/** The target finished a task: its artifacts go back to the requester. */
export function handleA2ATaskCompleted(ctx: CoreContext, e: A2ATaskCompleted): void {
  finishA2ATask(ctx, e);
}
