import { assertMs } from "./assert-ms.js";
import { instrumentKey, parseInstrumentKey } from "./instrument-key.js";

/** What a hit did: the expiry now in force, and whether it moved (then reschedule the expiry timer). */
export interface RateLimitHitResult {
  readonly expiresAtMs: number;
  readonly extended: boolean;
}

interface InstrumentLimits {
  /** Expiry of the instrument-wide limit, or null. */
  until: number | null;
  /** Expiry per model of this instrument. */
  readonly models: Map<string, number>;
}

/**
 * Rate limits per instrument and per `instrument:model` (spec §6.1, §13.2). A rate limit is not
 * a failure and spends no budget; this class only keeps expiry times (ms, caller's clock). An
 * instrument-wide limit covers every model of the instrument; a model limit covers that model
 * only (a sheet without a model is checked against the instrument key).
 */
export class RateLimits {
  readonly #byInstrument = new Map<string, InstrumentLimits>();

  /** Records a limit on `key` for `waitMs` from `nowMs`; extends, never shortens, the expiry. */
  hit(key: string, waitMs: number, nowMs: number): RateLimitHitResult {
    assertMs("waitMs", waitMs);
    assertMs("nowMs", nowMs);
    const { instrument, model } = parseInstrumentKey(key);
    const limits: InstrumentLimits = this.#byInstrument.get(instrument) ?? {
      until: null,
      models: new Map<string, number>(),
    };
    this.#byInstrument.set(instrument, limits);
    const previous = model === null ? limits.until : (limits.models.get(model) ?? null);
    const candidate = nowMs + waitMs;
    if (previous !== null && previous >= candidate)
      return { expiresAtMs: previous, extended: false };
    if (model === null) limits.until = candidate;
    else limits.models.set(model, candidate);
    return { expiresAtMs: candidate, extended: true };
  }

  /** The expiry timer of `key` fired: lifts the limit if it is due by `nowMs` (a later hit keeps it). */
  expire(key: string, nowMs: number): boolean {
    assertMs("nowMs", nowMs);
    const until = this.expiresAt(key);
    if (until === null || until > nowMs) return false;
    this.#remove(key);
    return true;
  }

  /** True when `key` is limited at `nowMs`, by its own limit or, for a model, its instrument's. */
  isLimited(key: string, nowMs: number): boolean {
    const colon = key.indexOf(":");
    const instrument = colon < 0 ? key : key.slice(0, colon);
    const limits = this.#byInstrument.get(instrument);
    if (limits === undefined) return false;
    if (limits.until !== null && limits.until > nowMs) return true;
    if (colon < 0) return false;
    const until = limits.models.get(key.slice(colon + 1));
    return until !== undefined && until > nowMs;
  }

  /** Expiry of `key`'s own limit (not its instrument's), or null. */
  expiresAt(key: string): number | null {
    const colon = key.indexOf(":");
    const limits = this.#byInstrument.get(colon < 0 ? key : key.slice(0, colon));
    if (limits === undefined) return null;
    return colon < 0 ? limits.until : (limits.models.get(key.slice(colon + 1)) ?? null);
  }

  /**
   * Manual clear; returns the keys cleared, sorted. No name clears all; an instrument name
   * clears it and its models; an `instrument:model` key clears that model; an unknown or empty
   * name clears nothing (F-200, F-201). Expiry timers are the caller's to cancel.
   */
  clear(name?: string | null): string[] {
    if (name === "") return [];
    if (name === undefined || name === null) {
      const all = this.entries().map(([key]) => key);
      this.#byInstrument.clear();
      return all;
    }
    if (name.includes(":")) {
      if (this.expiresAt(name) === null) return [];
      this.#remove(name);
      return [name];
    }
    const limits = this.#byInstrument.get(name);
    if (limits === undefined) return [];
    this.#byInstrument.delete(name);
    return keysOf(name, limits).sort();
  }

  /** Keys limited at `nowMs` by their own limit, sorted. */
  limitedKeys(nowMs: number): string[] {
    return this.entries()
      .filter(([, until]) => until > nowMs)
      .map(([key]) => key);
  }

  /** Every stored limit with its expiry (due or not), sorted by key; for checkpoints. */
  entries(): [string, number][] {
    const out: [string, number][] = [];
    for (const [instrument, limits] of this.#byInstrument) {
      if (limits.until !== null) out.push([instrument, limits.until]);
      for (const [model, until] of limits.models)
        out.push([instrumentKey(instrument, model), until]);
    }
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  #remove(key: string): void {
    const { instrument, model } = parseInstrumentKey(key);
    const limits = this.#byInstrument.get(instrument);
    if (limits === undefined) return;
    if (model === null) limits.until = null;
    else limits.models.delete(model);
    if (limits.until === null && limits.models.size === 0) this.#byInstrument.delete(instrument);
  }
}

function keysOf(instrument: string, limits: InstrumentLimits): string[] {
  const keys = [...limits.models.keys()].map((model) => instrumentKey(instrument, model));
  return limits.until === null ? keys : [instrument, ...keys];
}
