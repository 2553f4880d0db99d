import { a2aTaskRouted, type A2ATaskSubmitted } from "../events/a2a-events.js";
import type { CoreContext } from "../state/core-context.js";

/**
 * A sheet delegated a task to another agent (spec §10). The target agent is a job id: the task
 * is stored in that job's inbox (persisted with it) and an `A2ATaskRouted` confirmation is
 * queued. An unknown target fails the task straight back into the requester's results.
 */
export function handleA2ATaskSubmitted(ctx: CoreContext, e: A2ATaskSubmitted): void {
  const source = ctx.jobs.get(e.jobId);
  if (source === undefined) {
    ctx.log("warn", "baton.a2a.unknown_source", { jobId: e.jobId, sheetNum: e.sheetNum });
    return;
  }
  ctx.a2aSeq += 1;
  const taskId = `${e.jobId}/${e.sheetNum}/a2a-${ctx.a2aSeq}`;
  const target = ctx.jobs.get(e.targetAgent);
  if (target === undefined) {
    source.a2aResults.push({
      taskId,
      sheetNum: e.sheetNum,
      status: "failed",
      artifacts: {},
      reason: `unknown target agent '${e.targetAgent}'`,
    });
    ctx.log("warn", "baton.a2a.unknown_target", { jobId: e.jobId, targetAgent: e.targetAgent });
    ctx.markDirty(source);
    return;
  }
  const task = {
    taskId,
    sourceJobId: e.jobId,
    sourceSheetNum: e.sheetNum,
    targetJobId: target.jobId,
    description: e.taskDescription,
    context: e.context,
    status: "pending" as const,
  };
  target.a2aInbox.push(task);
  ctx.a2aTasks.set(taskId, task);
  ctx.markDirty(target);
  ctx.enqueue(
    a2aTaskRouted(
      {
        jobId: e.jobId,
        sheetNum: e.sheetNum,
        sourceAgent: e.jobId,
        targetAgent: target.jobId,
        taskId,
      },
      ctx.now(),
    ),
  );
}
