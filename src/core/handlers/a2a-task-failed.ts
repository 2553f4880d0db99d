import type { A2ATaskFailed } from "../events/a2a-events.js";
import type { CoreContext } from "../state/core-context.js";
import { finishA2ATask } from "./a2a-task-completed.js";

/** The target gave up on a task: the reason goes back to the requester. */
export function handleA2ATaskFailed(ctx: CoreContext, e: A2ATaskFailed): void {
  finishA2ATask(ctx, e);
}
