import type { RateLimitExpired } from "../events/instrument-events.js";
import { instrumentKey } from "../instruments/instrument-key.js";
import type { CoreContext } from "../state/core-context.js";
import { releaseWaiting } from "./sheet-flow.js";

/**
 * A rate limit's timer fired (spec §2.3.5): the limit is lifted unless a later hit extended it,
 * and the instrument's WAITING sheets (of that model, for a model limit) go back to PENDING.
 * O(waiting sheets of the instrument), not O(all sheets).
 */
export function handleRateLimitExpired(ctx: CoreContext, e: RateLimitExpired): void {
  if (!ctx.rateLimits.expire(instrumentKey(e.instrument, e.model), ctx.now())) return;
  releaseWaiting(ctx, e.instrument, e.model);
}
