import type { Random } from "../../common/index.js";
import { createRendezvousSet, rendezvousIndex, type RendezvousSet } from "./rendezvous.js";
import type { WeightedRoute } from "./route-spec.js";
import type { IsAvailable, RouteRequest, Router } from "./router.js";
import { NO_STICKY_KEY, StickyKeyReader } from "./sticky-key.js";

/**
 * Splits requests by integer weight. Without stickiness, or when a request has no key, each pick
 * takes exactly one draw `u` from the injected random and walks cumulative weights: target i wins
 * when `u * total` falls in its slice, so 80/20 gives 80/20 and weight 0 is never picked. A
 * seeded random makes the sequence reproducible. With a key, weighted rendezvous hashing maps it
 * to a target without drawing. All tables are built here; a pick allocates nothing.
 */
export class WeightedRouter implements Router {
  private readonly set: RendezvousSet;
  /** Running sums of the weights: target i owns draws in [cumulative[i-1], cumulative[i]). */
  private readonly cumulative: Float64Array;
  private readonly total: number;
  /** The last target with weight > 0: the answer if a faulty random returns 1 or NaN. */
  private readonly lastPositive: number;
  /**
   * Scratch for availability verdicts during one pick, so each target is asked once and nothing
   * is allocated. Safe because a pick is synchronous; an `isAvailable` that called back into this
   * router's `pick` would clobber it, and outlier ejection has no reason to.
   */
  private readonly available: Uint8Array;
  private readonly sticky: StickyKeyReader | undefined;
  private readonly random: Random;

  constructor(spec: WeightedRoute, random: Random) {
    this.set = createRendezvousSet(spec.targets);
    const { targets, weights } = this.set;
    this.cumulative = new Float64Array(targets.length);
    let total = 0;
    let lastPositive = -1;
    for (let i = 0; i < targets.length; i++) {
      total += weights[i]!;
      this.cumulative[i] = total;
      if (weights[i]! > 0) lastPositive = i;
    }
    if (lastPositive < 0) throw new TypeError("WeightedRouter: weights must add up to more than 0");
    this.total = total;
    this.lastPositive = lastPositive;
    this.available = new Uint8Array(targets.length);
    this.sticky = spec.sticky === undefined ? undefined : new StickyKeyReader(spec.sticky);
    this.random = random;
  }

  pick(req: RouteRequest, isAvailable?: IsAvailable): string {
    const targets = this.set.targets;
    if (this.sticky !== undefined) {
      const keyHash = this.sticky.hashOf(req);
      if (keyHash !== NO_STICKY_KEY)
        return targets[rendezvousIndex(this.set, keyHash, isAvailable)]!;
    }
    return targets[isAvailable === undefined ? this.draw() : this.drawAvailable(isAvailable)]!;
  }

  /** One draw over all targets. */
  private draw(): number {
    const point = this.random.next() * this.total;
    const { weights } = this.set;
    for (let i = 0; i < weights.length; i++) {
      // The weight check keeps a weight-0 target unpickable even for a faulty negative draw.
      if (weights[i]! > 0 && point < this.cumulative[i]!) return i;
    }
    return this.lastPositive;
  }

  /**
   * One draw over the available targets, their weights renormalised; when none with weight is
   * available, the plain draw (panic mode). With all available it picks what `draw` would.
   */
  private drawAvailable(isAvailable: IsAvailable): number {
    const { targets, weights } = this.set;
    const available = this.available;
    let total = 0;
    let last = -1;
    for (let i = 0; i < targets.length; i++) {
      const ok = weights[i]! > 0 && isAvailable(targets[i]!);
      available[i] = ok ? 1 : 0;
      if (ok) {
        total += weights[i]!;
        last = i;
      }
    }
    if (last < 0) return this.draw();
    const point = this.random.next() * total;
    let running = 0;
    for (let i = 0; i < targets.length; i++) {
      if (available[i] === 0) continue;
      running += weights[i]!;
      if (point < running) return i;
    }
    return last;
  }
}
