import type { Random } from "../../common/index.js";
import { MAX_CANARY_PERCENT } from "./defaults.js";
import type { CanaryRoute } from "./route-spec.js";
import type { IsAvailable, RouteRequest, Router } from "./router.js";

/**
 * Sends `percent` of requests to the canary, drawn from the injected random: exactly one draw per
 * pick, so a seeded sequence stays reproducible whatever availability says. A side with no share
 * (0 % or 100 %) never receives traffic, even when the other side is unavailable.
 */
export class CanaryRouter implements Router {
  private readonly primary: string;
  private readonly canary: string;
  /** Share of the canary as a fraction in [0, 1]: a draw below it goes to the canary. */
  private readonly fraction: number;
  private readonly random: Random;

  constructor(spec: CanaryRoute, random: Random) {
    this.primary = spec.primary;
    this.canary = spec.canary;
    this.fraction = spec.percent / MAX_CANARY_PERCENT;
    this.random = random;
  }

  pick(_req: RouteRequest, isAvailable?: IsAvailable): string {
    const toCanary = this.random.next() < this.fraction;
    const chosen = toCanary ? this.canary : this.primary;
    if (isAvailable === undefined || isAvailable(chosen)) return chosen;
    // Renormalise over the other side, if it has any share; otherwise panic mode keeps `chosen`.
    const otherHasShare = toCanary ? this.fraction < 1 : this.fraction > 0;
    const other = toCanary ? this.primary : this.canary;
    return otherHasShare && isAvailable(other) ? other : chosen;
  }
}
