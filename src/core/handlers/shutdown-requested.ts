import type { ShutdownRequested } from "../events/conductor-events.js";
import type { CoreContext } from "../state/core-context.js";
import { cancelUnfinished } from "./job-timeout.js";

/**
 * Stop dispatching (spec §2.3.17). Graceful leaves every sheet as it is (in-flight results are
 * still handled); immediate cancels every unfinished sheet of every job.
 */
export function handleShutdownRequested(ctx: CoreContext, e: ShutdownRequested): void {
  ctx.shuttingDown = true;
  if (e.graceful) return;
  for (const job of ctx.jobs.values()) cancelUnfinished(ctx, job, "Shutdown");
}
