/** An instrument and, optionally, one of its models: the unit limits are kept for. */
export interface InstrumentRef {
  readonly instrument: string;
  /** `null` for the instrument as a whole (or its default model). */
  readonly model: string | null;
}

/**
 * The map key of an instrument or model: `instrument`, or `instrument:model` when a model is
 * given (spec §1.6). An empty or absent model means the instrument itself, as in the reference.
 */
export function instrumentKey(instrument: string, model?: string | null): string {
  assertInstrumentName(instrument);
  return model === undefined || model === null || model === ""
    ? instrument
    : `${instrument}:${model}`;
}

/** Splits a key at its first colon; instrument names never contain one, model names may. */
export function parseInstrumentKey(key: string): InstrumentRef {
  const colon = key.indexOf(":");
  const ref =
    colon < 0
      ? { instrument: key, model: null }
      : { instrument: key.slice(0, colon), model: key.slice(colon + 1) };
  assertInstrumentName(ref.instrument);
  if (ref.model === "") throw new TypeError(`instrument key '${key}' has an empty model`);
  return ref;
}

/** Throws a TypeError unless `name` is a usable instrument name: non-empty, no colon. */
export function assertInstrumentName(name: string): void {
  if (name === "" || name.includes(":"))
    throw new TypeError(`instrument name must be non-empty and contain no ':', got '${name}'`);
}
