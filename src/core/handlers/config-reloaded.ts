import type { ConfigReloaded } from "../events/job-events.js";
import type { CoreContext } from "../state/core-context.js";
import { parseJobConfig } from "../state/job-config.js";
import { rebuildJob } from "../state/registry.js";
import { checkJobCost } from "./sheet-flow.js";

/**
 * The job's config changed (spec §2.3.8 intent, §7.5): unfinished sheets are rebuilt from the
 * new config, terminal ones and in-flight attempts kept; a new cost limit is applied and
 * re-checked. A malformed config throws inside the handler: logged, job untouched.
 */
export function handleConfigReloaded(ctx: CoreContext, e: ConfigReloaded): void {
  const old = ctx.lookupJob(e.jobId, e.type);
  if (old === undefined) return;
  const config = parseJobConfig(e.jobId, e.newConfig);
  const job = rebuildJob(ctx, old, config.sheets, config.dependencies, config.options);
  checkJobCost(ctx, job);
}
