import { didYouMean } from "../../common/index.js";
import { MAX_QUOTED_LENGTH } from "./defaults.js";

/** `; did you mean 'x'?` when a candidate is close; skipped for long input (edit distance is quadratic). */
export function suggest(input: string, candidates: readonly string[]): string {
  if (input.length > MAX_QUOTED_LENGTH) return "";
  const hint = didYouMean(input, candidates);
  return hint === "" ? "" : `; ${hint}`;
}

/** A string as JSON, shortened: problem messages quote config back without flooding. */
export function quote(text: string): string {
  const short = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
  return JSON.stringify(short);
}

/**
 * Any config value in a few words, for "got …" in a problem; a missing field reads "nothing".
 * Never throws: symbols and null-prototype objects have no safe `${}`.
 */
export function describe(value: unknown): string {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
    case "boolean":
      return String(value);
    case "bigint":
      return `${value.toString()}n`;
    case "undefined":
      return "nothing";
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    default:
      if (value === null) return "null";
      return Array.isArray(value) ? "a list" : "an object";
  }
}
