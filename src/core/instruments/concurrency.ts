import { DEFAULT_MAX_CONCURRENT } from "./defaults.js";
import { assertInstrumentName, instrumentKey } from "./instrument-key.js";

/** Options of `registerInstrument`. */
export interface InstrumentLimitOptions {
  /** Sheets the instrument may run at once across all jobs and models (default 4; 0 = none). */
  readonly maxConcurrent?: number;
}

interface InstrumentSlot {
  readonly maxConcurrent: number;
  inFlight: number;
}

/**
 * In-flight counts and caps per instrument and per `instrument:model` (spec §1.6, §4.3).
 * Unlike the reference, both caps bind: an instrument's count includes every model's, so the
 * instrument cap is a true cap, and a model cap limits that model further (spec §13.2).
 * Acquire and release are O(1); counts never go negative.
 */
export class ConcurrencyLimits {
  readonly #instruments = new Map<string, InstrumentSlot>();
  /** Cap per `instrument:model`. */
  readonly #modelCaps = new Map<string, number>();
  /** In-flight per key: `instrument` for sheets without a model, `instrument:model` otherwise. */
  readonly #byKey = new Map<string, number>();
  #total = 0;

  /** Registers an instrument; idempotent: an existing one keeps its cap. Returns the cap in force. */
  registerInstrument(name: string, options: InstrumentLimitOptions = {}): number {
    assertInstrumentName(name);
    const maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
    assertCap(maxConcurrent);
    const existing = this.#instruments.get(name);
    if (existing !== undefined) return existing.maxConcurrent;
    this.#instruments.set(name, { maxConcurrent, inFlight: 0 });
    return maxConcurrent;
  }

  /** True when `name` is registered. */
  isRegistered(name: string): boolean {
    return this.#instruments.has(name);
  }

  /** Sets the cap of one model of an instrument (from instrument profiles; spec §1.6). */
  setModelConcurrency(instrument: string, model: string, maxConcurrent: number): void {
    if (model === "") throw new TypeError("model name must be non-empty");
    assertCap(maxConcurrent);
    this.#modelCaps.set(instrumentKey(instrument, model), maxConcurrent);
  }

  /** True when one more sheet may start on the instrument (and model): registered, and below both caps. */
  canAcquire(instrument: string, model?: string | null): boolean {
    return this.#admitting(instrument, model) !== null;
  }

  /** Counts one sheet in flight if `canAcquire`; returns whether it did. */
  acquire(instrument: string, model?: string | null): boolean {
    const slot = this.#admitting(instrument, model);
    if (slot === null) return false;
    const key = instrumentKey(instrument, model);
    slot.inFlight += 1;
    this.#byKey.set(key, (this.#byKey.get(key) ?? 0) + 1);
    this.#total += 1;
    return true;
  }

  /** Ends one in-flight sheet acquired with the same instrument and model; a TypeError if none is. */
  release(instrument: string, model?: string | null): void {
    const key = instrumentKey(instrument, model);
    const count = this.#byKey.get(key) ?? 0;
    const slot = this.#instruments.get(instrument);
    if (count === 0 || slot === undefined)
      throw new TypeError(`release of '${key}' with nothing in flight`);
    slot.inFlight -= 1;
    // A count of 0 stays in the map: deleting the last key makes the map reallocate its table.
    this.#byKey.set(key, count - 1);
    this.#total -= 1;
  }

  /** In flight on an instrument (all its models), or on one model when given. */
  inFlight(instrument: string, model?: string | null): number {
    if (model === undefined || model === null || model === "")
      return this.#instruments.get(instrument)?.inFlight ?? 0;
    return this.#byKey.get(instrumentKey(instrument, model)) ?? 0;
  }

  /** In flight over every instrument. */
  get totalInFlight(): number {
    return this.#total;
  }

  /** Cap of a registered instrument, or null. */
  maxConcurrent(instrument: string): number | null {
    return this.#instruments.get(instrument)?.maxConcurrent ?? null;
  }

  /** Caps of every registered instrument (for the dispatch configuration, spec §4.1). */
  instrumentCaps(): Map<string, number> {
    return new Map([...this.#instruments].map(([name, s]) => [name, s.maxConcurrent]));
  }

  /** Caps of every `instrument:model` (a copy). */
  modelCaps(): Map<string, number> {
    return new Map(this.#modelCaps);
  }

  /** The instrument's slot when one more sheet fits under both caps, else null. */
  #admitting(instrument: string, model: string | null | undefined): InstrumentSlot | null {
    const slot = this.#instruments.get(instrument);
    if (slot === undefined || slot.inFlight >= slot.maxConcurrent) return null;
    if (model === undefined || model === null || model === "") return slot;
    const key = instrumentKey(instrument, model);
    const cap = this.#modelCaps.get(key);
    return cap === undefined || (this.#byKey.get(key) ?? 0) < cap ? slot : null;
  }
}

function assertCap(n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new TypeError(`maxConcurrent must be a non-negative integer, got ${n}`);
}
