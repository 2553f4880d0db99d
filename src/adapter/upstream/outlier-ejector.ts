import type { Clock } from "../../common/index.js";
import { MAX_EJECTION_PERCENT } from "./defaults.js";
import { TargetBreaker, type Admission, type TargetBreakerOptions } from "./target-breaker.js";

/** Ejector knobs: breaker settings shared by every target, plus the ejection cap. */
export interface OutlierEjectorOptions extends Omit<TargetBreakerOptions, "mayOpen"> {
  /** Most targets out at once, as a percent of the set (default 10); at least one always may be. */
  readonly maxEjectionPercent?: number;
}

/** A target's id and where it is. */
export interface TargetAddress {
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

/**
 * Outlier ejection for one weighted target set: a `TargetBreaker` per target id, with a cap on
 * how many may be ejected (open or half-open) at once — max(1, ⌊percent × n⌋), as Envoy's
 * `max_ejection_percent` always lets one host go. A target whose breaker would open past the
 * cap stays in; its failure count stays high, so it is ejected as soon as room frees up.
 */
export class OutlierEjector {
  readonly #clock: Clock;
  readonly #options: OutlierEjectorOptions;
  readonly #percent: number;
  #breakers = new Map<string, TargetBreaker>();
  /** Where each target was when its breaker was made: a target moved gets a fresh breaker. */
  #addresses = new Map<string, string>();

  /** Tracks the targets in `targetIds` (unique ids). */
  constructor(clock: Clock, targetIds: readonly string[], options: OutlierEjectorOptions = {}) {
    this.#clock = clock;
    this.#options = options;
    this.#percent = options.maxEjectionPercent ?? MAX_EJECTION_PERCENT;
    if (!Number.isFinite(this.#percent) || this.#percent < 0 || this.#percent > 100)
      throw new TypeError(`maxEjectionPercent must be within [0, 100], got ${this.#percent}`);
    this.#newBreaker(); // checks the breaker options now, even for an empty target set
    this.setTargets(targetIds);
  }

  /**
   * Replaces the target set (a new routing snapshot): kept ids keep their breakers, new ids
   * start closed, dropped ids are forgotten. A target given with an address other than before
   * (a new service behind the same id) starts closed too: the old one's failures are not its.
   */
  setTargets(targets: readonly (string | TargetAddress)[]): void {
    const next = new Map<string, TargetBreaker>();
    const addresses = new Map<string, string>();
    for (const target of targets) {
      const id = typeof target === "string" ? target : target.id;
      const address = typeof target === "string" ? "" : `${target.host}:${target.port}`;
      if (next.has(id)) throw new TypeError(`duplicate target id '${id}'`);
      const kept = this.#addresses.get(id) === address ? this.#breakers.get(id) : undefined;
      next.set(id, kept ?? this.#newBreaker());
      addresses.set(id, address);
    }
    this.#breakers = next;
    this.#addresses = addresses;
  }

  /** Most targets that may be ejected at once: max(1, ⌊percent × n / 100⌋). */
  get maxEjected(): number {
    return Math.max(1, Math.floor((this.#percent * this.#breakers.size) / 100));
  }

  /** Targets ejected now (breaker open or half-open). */
  get ejectedCount(): number {
    let count = 0;
    for (const breaker of this.#breakers.values()) if (breaker.state !== "closed") count += 1;
    return count;
  }

  /** Whether a request could be sent to `targetId` now (closed, or half-open with no probe out). */
  isAvailable(targetId: string): boolean {
    const breaker = this.breaker(targetId);
    const state = breaker.state;
    return state === "closed" || (state === "half_open" && !breaker.probeInFlight);
  }

  /** Asks `targetId`'s breaker to send one request. */
  tryAcquire(targetId: string): Admission {
    return this.breaker(targetId).tryAcquire();
  }

  /** Reports a success; ignored for a target no longer in the set (a swap raced the request). */
  onSuccess(targetId: string, admission: Admission): void {
    this.#breakers.get(targetId)?.onSuccess(admission);
  }

  /** Reports a failure; ignored for a target no longer in the set. */
  onFailure(targetId: string, admission: Admission): void {
    this.#breakers.get(targetId)?.onFailure(admission);
  }

  /** Gives back an admission that ended with no verdict. */
  release(targetId: string, admission: Admission): void {
    this.#breakers.get(targetId)?.release(admission);
  }

  /** The breaker of `targetId`; an unknown id is a programmer error. */
  breaker(targetId: string): TargetBreaker {
    const breaker = this.#breakers.get(targetId);
    if (breaker === undefined) throw new TypeError(`unknown target id '${targetId}'`);
    return breaker;
  }

  #newBreaker(): TargetBreaker {
    const { consecutiveFailures, baseOpenMs, maxOpenMs } = this.#options;
    return new TargetBreaker(this.#clock, {
      consecutiveFailures,
      baseOpenMs,
      maxOpenMs,
      mayOpen: () => this.ejectedCount < this.maxEjected,
    });
  }
}
