import type { Random } from "../../common/index.js";

/**
 * Draws from the injected `Random`. Every helper clamps its result, so a faulty source that
 * returns 1, a negative number or NaN still yields a value in range.
 */

/** An integer in [min, max]; `min` when the range is empty. */
export function drawInt(random: Random, min: number, max: number): number {
  if (!(max > min)) return min;
  const span = max - min + 1;
  const x = Math.floor(random.next() * span);
  return min + (Number.isFinite(x) ? Math.min(span - 1, Math.max(0, x)) : 0);
}

/** One element of a non-empty list. */
export function drawItem<T>(random: Random, items: readonly T[]): T {
  return items[drawInt(random, 0, items.length - 1)]!;
}

/** True with probability `p`. */
export function drawChance(random: Random, p: number): boolean {
  return random.next() < p;
}

/** `length` characters, each drawn from `alphabet`. */
export function drawString(random: Random, length: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[drawInt(random, 0, alphabet.length - 1)]!;
  return out;
}

export const LOWERCASE = "abcdefghijklmnopqrstuvwxyz";
export const ALPHANUMERIC = `${LOWERCASE}ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`;
export const HEX_DIGITS = "0123456789abcdef";
