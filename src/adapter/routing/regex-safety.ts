/** A quantifier found at some index: how many chars it spans and whether it repeats (max ≥ 2). */
interface Quantifier {
  readonly length: number;
  readonly repeats: boolean;
}

const NO_QUANTIFIER: Quantifier = { length: 0, repeats: false };

/** The quantifier starting at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy), if any. */
function quantifierAt(pattern: string, i: number): Quantifier {
  const c = pattern[i];
  let length: number;
  let repeats: boolean;
  if (c === "*" || c === "+") {
    length = 1;
    repeats = true;
  } else if (c === "?") {
    length = 1;
    repeats = false;
  } else if (c === "{") {
    // Outside unicode mode a `{` that is not a well-formed bound is a literal, so parse strictly.
    let j = i + 1;
    let min = "";
    while (j < pattern.length && isDigit(pattern[j])) min += pattern[j++];
    if (min === "") return NO_QUANTIFIER;
    let max = min;
    if (pattern[j] === ",") {
      j++;
      max = "";
      while (j < pattern.length && isDigit(pattern[j])) max += pattern[j++];
    }
    if (pattern[j] !== "}") return NO_QUANTIFIER;
    length = j + 1 - i;
    repeats = max === "" || Number(max) >= 2;
  } else {
    return NO_QUANTIFIER;
  }
  if (pattern[i + length] === "?") length++; // lazy form
  return { length, repeats };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/**
 * The first group that repeats while holding a repeating quantifier (`(a+)+`, `(?:\d*){2,}`,
 * `((x+)y)*`), or undefined. Such nesting is the classic shape of catastrophic backtracking in a
 * backtracking engine like V8's Irregexp. A heuristic, deliberately simple: overlapping
 * alternations such as `(a|a)*` slip through, which the length cap keeps bounded in practice.
 */
export function findNestedQuantifier(pattern: string): string | undefined {
  const groupStarts: number[] = [];
  const groupRepeats: boolean[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "\\") {
      i += 2;
    } else if (c === "[") {
      // In JavaScript the first unescaped `]` closes a class, even right after `[` or `[^`.
      i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "(") {
      groupStarts.push(i);
      groupRepeats.push(false);
      i++;
    } else if (c === ")") {
      const start = groupStarts.pop();
      const innerRepeats = groupRepeats.pop() ?? false;
      const q = quantifierAt(pattern, i + 1);
      if (start !== undefined && innerRepeats && q.repeats) {
        return pattern.slice(start, i + 1 + q.length);
      }
      markRepeats(groupRepeats, innerRepeats || q.repeats);
      i += 1 + q.length;
    } else {
      const q = quantifierAt(pattern, i);
      if (q.length > 0) {
        markRepeats(groupRepeats, q.repeats);
        i += q.length;
      } else {
        i++;
      }
    }
  }
  return undefined;
}

/** Records on the innermost open group that something inside it repeats. */
function markRepeats(groupRepeats: boolean[], repeats: boolean): void {
  const top = groupRepeats.length - 1;
  if (repeats && top >= 0) groupRepeats[top] = true;
}

/**
 * The matcher for a header-rule regex: anchored at both ends, because Envoy's `safe_regex` header
 * match is a full match and a partial one (`v2` matching `v20`) surprises. Throws SyntaxError for
 * an invalid pattern; validation reports that first.
 */
export function compileHeaderRegex(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}
