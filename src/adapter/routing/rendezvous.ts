import { fmix32, fnv1a32, toOpenUnit } from "./hash.js";
import type { WeightedTarget } from "./route-spec.js";
import type { IsAvailable } from "./router.js";

/** A weighted set prepared for rendezvous picks; weight-0 members never win. */
export interface RendezvousSet {
  readonly targets: readonly string[];
  readonly weights: Uint32Array;
  /** Per-target hash of the target id, mixed with the key's hash. */
  readonly salts: Uint32Array;
}

/**
 * Prepares a weighted set for rendezvous picks. A target's salt depends only on its own id, so
 * adding or removing another target leaves every other target's hashes, and so its keys, alone.
 */
export function createRendezvousSet(entries: readonly WeightedTarget[]): RendezvousSet {
  const targets = entries.map((e) => e.target);
  return {
    targets,
    weights: Uint32Array.from(entries, (e) => e.weight),
    salts: Uint32Array.from(targets, (id) => fmix32(fnv1a32(id))),
  };
}

/**
 * Weighted rendezvous (highest-random-weight) hashing, Schindelhauer and Schomaker's form: each
 * target draws an exponential race time `-ln(u) / weight` from the hash of (key, target) and the
 * earliest wins. A target therefore wins a share of keys equal to its share of weight, and
 * removing a target moves only the keys it held, since every other key's winner stays earliest
 * among the remaining. Ties (exact float equality) go to the smaller target id, independent of
 * order. With `isAvailable`, the earliest available target wins; when none is available the
 * earliest overall does (panic mode). Returns -1 only when every weight is 0.
 */
export function rendezvousIndex(
  set: RendezvousSet,
  keyHash: number,
  isAvailable?: IsAvailable,
): number {
  const { targets, weights, salts } = set;
  let best = -1;
  let bestTime = Infinity;
  let bestAvailable = -1;
  let bestAvailableTime = Infinity;
  for (let i = 0; i < targets.length; i++) {
    const weight = weights[i]!;
    if (weight === 0) continue;
    const time = -Math.log(toOpenUnit(fmix32(keyHash ^ salts[i]!))) / weight;
    if (earlier(time, i, bestTime, best, targets)) {
      best = i;
      bestTime = time;
    }
    // Ask about availability only for a target that would win, to keep the callback count low.
    if (
      isAvailable !== undefined &&
      earlier(time, i, bestAvailableTime, bestAvailable, targets) &&
      isAvailable(targets[i]!)
    ) {
      bestAvailable = i;
      bestAvailableTime = time;
    }
  }
  return bestAvailable >= 0 ? bestAvailable : best;
}

function earlier(
  time: number,
  i: number,
  bestTime: number,
  best: number,
  targets: readonly string[],
): boolean {
  if (time !== bestTime) return time < bestTime;
  return best < 0 || targets[i]! < targets[best]!;
}
