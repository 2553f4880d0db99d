import type { Random } from "../../common/index.js";
import { LOWERCASE, drawInt, drawString } from "./draw.js";
import { sampleFormat } from "./formats.js";
import { countAt, stringAt, type Schema } from "./keywords.js";
import { samplePattern } from "./pattern.js";

/** The static sample of a string with no known format or usable pattern (as in Prism). */
export const STRING_PLACEHOLDER = "string";
/** Dynamic plain strings: random lowercase letters, up to this many beyond the shortest. */
const DYNAMIC_EXTRA_LENGTH = 10;

/** `value` repeated or cut to fit [min, max] code points (repeats keep placeholders readable). */
export function fitLength(value: string, min: number, max: number): string {
  const chars = Array.from(value);
  if (chars.length > max) return chars.slice(0, max).join("");
  if (chars.length >= min) return value;
  const unit = chars.length === 0 ? ["x"] : [...chars];
  while (chars.length < min) chars.push(...unit);
  return chars.slice(0, min).join("");
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

/**
 * A string for a schema: a pattern match when there is a usable `pattern` (the format sample if
 * it already matches), else the format sample, else a placeholder, fitted to minLength/maxLength.
 * A format sample cut or padded to fit the lengths may no longer be valid for its format: the
 * lengths are the harder constraint. Static when `random` is undefined.
 */
export function sampleString(s: Schema, random: Random | undefined): string {
  const min = countAt(s, "minLength") ?? 0;
  const max = countAt(s, "maxLength") ?? Infinity;
  const format = stringAt(s, "format");
  const formatted = format === undefined ? undefined : sampleFormat(format, random);
  const pattern = stringAt(s, "pattern");
  if (pattern !== undefined) {
    const fits = formatted !== undefined && fitLength(formatted, min, max) === formatted;
    if (fits && matches(pattern, formatted)) return formatted;
    const matched = samplePattern(pattern, random, min, max);
    if (matched !== undefined) return matched;
  }
  if (formatted !== undefined) return fitLength(formatted, min, max);
  if (random === undefined) return fitLength(STRING_PLACEHOLDER, min, max);
  const shortest = countAt(s, "minLength") ?? Math.min(1, max);
  const length = drawInt(random, shortest, Math.min(max, shortest + DYNAMIC_EXTRA_LENGTH));
  return drawString(random, length, LOWERCASE);
}
