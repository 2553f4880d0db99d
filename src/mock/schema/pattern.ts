import type { Random } from "../../common/index.js";
import { drawInt, drawItem } from "./draw.js";
import { stringLength } from "./keywords.js";
import {
  Unsupported,
  WORD,
  parsePattern,
  type CharRange,
  type CharSet,
  type PatternNode,
} from "./pattern-parser.js";

/**
 * Strings matching a `pattern`, for the subset of ECMA-262 regexes schemas use in practice:
 * literals and escapes, classes (`[a-z0-9_]`, `[^…]`), `.`, `\d \w \s` and their negations,
 * groups (plain, `(?:…)`, named) with `|`, quantifiers `* + ? {n} {n,} {n,m}` (lazy too), and
 * `^ $` anchors. Lookarounds, backreferences, `\b`, `\p{…}` and the like are beyond it: the
 * sampler then returns undefined and the caller falls back to its placeholder. Every result is
 * checked against the real RegExp, so a misread pattern can never yield a wrong string.
 */

/** Unbounded quantifiers repeat at most this many extra times in a random draw. */
const DYNAMIC_EXTRA_REPEATS = 5;
/** Random draws tried before stretching toward minLength. */
const DYNAMIC_ATTEMPTS = 16;
/** The most extra repetitions the length search adds to every quantifier. */
const MAX_STRETCH = 256;
/** What a negated set or `.` may yield: printable ASCII, letters first so samples read well. */
const PRINTABLE: readonly number[] = (() => {
  const order = [...WORD, [0x20, 0x7e] as const];
  const out: number[] = [];
  for (const [from, to] of order)
    for (let c = from; c <= to; c++) if (!out.includes(c)) out.push(c);
  return out;
})();

/** How one emission resolves each choice; `stretch` adds repetitions to reach a minLength. */
interface Choices {
  readonly random: Random | undefined;
  readonly stretch: number;
}

function inSet(code: number, ranges: readonly CharRange[]): boolean {
  return ranges.some(([from, to]) => code >= from && code <= to);
}

function pickChar(set: CharSet, random: Random | undefined): string {
  if (set.negated) {
    const allowed = PRINTABLE.filter((c) => !inSet(c, set.ranges));
    if (allowed.length === 0) throw new Unsupported();
    return String.fromCharCode(random === undefined ? allowed[0]! : drawItem(random, allowed));
  }
  const total = set.ranges.reduce((n, [from, to]) => n + to - from + 1, 0);
  if (total === 0) throw new Unsupported(); // `[]` matches nothing
  let i = random === undefined ? 0 : drawInt(random, 0, total - 1);
  for (const [from, to] of set.ranges) {
    if (i <= to - from) return String.fromCharCode(from + i);
    i -= to - from + 1;
  }
  throw new Unsupported();
}

function emit(node: PatternNode, choices: Choices): string {
  const { random, stretch } = choices;
  switch (node.kind) {
    case "set":
      return pickChar(node.set, random);
    case "seq":
      return node.items.map((n) => emit(n, choices)).join("");
    case "alt":
      return emit(
        random === undefined ? node.options[0]! : drawItem(random, node.options),
        choices,
      );
    case "repeat": {
      const top = Math.min(node.max, node.min + stretch);
      const n =
        random === undefined || stretch > 0
          ? top
          : drawInt(random, node.min, Math.min(node.max, node.min + DYNAMIC_EXTRA_REPEATS));
      let out = "";
      for (let i = 0; i < n; i++) out += emit(node.node, choices);
      return out;
    }
  }
}

function stretchable(node: PatternNode): boolean {
  if (node.kind === "repeat") return node.max > node.min || stretchable(node.node);
  if (node.kind === "seq") return node.items.some(stretchable);
  if (node.kind === "alt") return node.options.some(stretchable);
  return false;
}

/**
 * A string matching `pattern` with a length (in code points) in [minLength, maxLength].
 * Static (`random` undefined): first alternatives, first class members, fewest repetitions,
 * stretched evenly when minLength asks for more. Dynamic: random draws, then the same stretch.
 * When no length fits, the pattern wins; undefined when the pattern is beyond the subset.
 */
export function samplePattern(
  pattern: string,
  random: Random | undefined,
  minLength = 0,
  maxLength = Infinity,
): string | undefined {
  let regex: RegExp;
  let tree: PatternNode;
  try {
    regex = new RegExp(pattern);
    tree = parsePattern(pattern);
  } catch (error) {
    if (error instanceof Unsupported || error instanceof SyntaxError) return undefined;
    throw error;
  }
  let fallback: string | undefined;
  /** Whether `candidate` is a match that fits; remembers the first match either way. */
  const accept = (candidate: string): boolean => {
    if (!regex.test(candidate)) return false;
    fallback ??= candidate;
    const n = stringLength(candidate);
    return n >= minLength && n <= maxLength;
  };
  try {
    if (random !== undefined) {
      for (let i = 0; i < DYNAMIC_ATTEMPTS; i++) {
        const s = emit(tree, { random, stretch: 0 });
        if (accept(s)) return s;
      }
    }
    const maxStretch = stretchable(tree) ? MAX_STRETCH : 0;
    for (let stretch = 0; stretch <= maxStretch; stretch++) {
      const s = emit(tree, { random, stretch });
      if (accept(s)) return s;
      // Long enough yet refused: more stretch only lengthens (nested quantifiers grow fast).
      if (stringLength(s) >= minLength) break;
    }
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
  }
  return fallback;
}
