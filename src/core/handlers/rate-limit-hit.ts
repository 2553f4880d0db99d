import type { RateLimitHit } from "../events/instrument-events.js";
import type { CoreContext } from "../state/core-context.js";
import { applyRateLimit } from "./sheet-flow.js";

/**
 * An instrument (or `instrument:model`) is rate-limited (spec §2.3.4, with the §13.2 fixes):
 * the limit and its expiry timer are recorded per key; WAITING sheets with a fallback move on;
 * in-flight sheets are left to their own results. Results apply the same step inline.
 */
export function handleRateLimitHit(ctx: CoreContext, e: RateLimitHit): void {
  applyRateLimit(ctx, e.instrument, e.model, e.waitSeconds * 1000);
  const job = ctx.jobs.get(e.jobId);
  if (job !== undefined) ctx.markDirty(job);
}
