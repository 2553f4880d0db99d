/**
 * Randomness as a port. The core draws jitter from an injected `Random`, so a seeded source
 * makes every run, test and replay reproducible.
 */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
}

/** 2³²: turns a 32-bit unsigned integer into a fraction in [0, 1). */
const UINT32_RANGE = 4_294_967_296;

/**
 * A deterministic source: mulberry32 (Tommy Ettinger), 32-bit state, period 2³²; small and fast,
 * good enough for jitter and tests, not for secrets. The seed is taken as a 32-bit unsigned integer.
 */
export function seededRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new TypeError(`seed must be a finite number, got ${seed}`);
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / UINT32_RANGE;
    },
  };
}

/** The host's source (`Math.random`): for production wiring only, never for tests. */
export const systemRandom: Random = {
  next: () => Math.random(),
};
