/**
 * A parser for the regex subset `samplePattern` generates from (see there). It builds a tree of
 * character sets, sequences, alternatives and repetitions; anything else throws `Unsupported`.
 */

/** A quantifier demanding more repetitions than this is beyond the sampler. */
const MAX_REPEAT = 1000;

export type CharRange = readonly [number, number];
export interface CharSet {
  readonly ranges: readonly CharRange[];
  readonly negated: boolean;
}
export type PatternNode =
  | { readonly kind: "set"; readonly set: CharSet }
  | { readonly kind: "seq"; readonly items: readonly PatternNode[] }
  | { readonly kind: "alt"; readonly options: readonly PatternNode[] }
  | {
      readonly kind: "repeat";
      readonly node: PatternNode;
      readonly min: number;
      readonly max: number;
    };

/** The pattern uses something beyond the supported subset. */
export class Unsupported extends Error {}

const DIGIT: readonly CharRange[] = [[0x30, 0x39]];
export const WORD: readonly CharRange[] = [
  [0x61, 0x7a],
  [0x41, 0x5a],
  [0x30, 0x39],
  [0x5f, 0x5f],
];
const SPACE: readonly CharRange[] = [
  [0x20, 0x20],
  [0x09, 0x0d],
];
const LINE_BREAKS: readonly CharRange[] = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, r: 13, t: 9, f: 12, v: 11 };
const CLASS_ESCAPES: Readonly<Record<string, CharSet>> = {
  d: { ranges: DIGIT, negated: false },
  D: { ranges: DIGIT, negated: true },
  w: { ranges: WORD, negated: false },
  W: { ranges: WORD, negated: true },
  s: { ranges: SPACE, negated: false },
  S: { ranges: SPACE, negated: true },
};

function single(code: number): CharSet {
  return { ranges: [[code, code]], negated: false };
}

class PatternParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): PatternNode {
    const node = this.alternation();
    if (this.pos < this.src.length) throw new Unsupported(); // a stray ')'
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private alternation(): PatternNode {
    const options = [this.sequence()];
    while (this.peek() === "|") {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: "alt", options };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    for (let c = this.peek(); c !== undefined && c !== "|" && c !== ")"; c = this.peek()) {
      if (c === "^" || c === "$")
        this.pos++; // anchors: the sample is the whole match
      else items.push(this.quantified(this.atom()));
    }
    return items.length === 1 ? items[0]! : { kind: "seq", items };
  }

  private atom(): PatternNode {
    const c = this.peek()!;
    if (c === "(") return this.group();
    if (c === "[") return { kind: "set", set: this.charClass() };
    if (c === "\\") return { kind: "set", set: this.escape(false) };
    if ("*+?".includes(c)) throw new Unsupported();
    this.pos++;
    if (c === ".") return { kind: "set", set: { ranges: LINE_BREAKS, negated: true } };
    return { kind: "set", set: single(c.charCodeAt(0)) };
  }

  private group(): PatternNode {
    this.pos++;
    if (this.peek() === "?") {
      const next = this.peek(1);
      if (next === ":") this.pos += 2;
      else if (next === "<" && this.peek(2) !== "=" && this.peek(2) !== "!") {
        const close = this.src.indexOf(">", this.pos);
        if (close < 0) throw new Unsupported();
        this.pos = close + 1;
      } else throw new Unsupported(); // lookahead or lookbehind
    }
    const inner = this.alternation();
    if (this.peek() !== ")") throw new Unsupported();
    this.pos++;
    return inner;
  }

  private quantified(node: PatternNode): PatternNode {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === "*" || c === "+" || c === "?") {
      this.pos++;
      [min, max] = c === "*" ? [0, Infinity] : c === "+" ? [1, Infinity] : [0, 1];
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (m === null) return node; // a literal '{', read as the next atom
      this.pos += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    } else return node;
    if (this.peek() === "?") this.pos++; // laziness changes matching, not what matches
    if (min > MAX_REPEAT || max < min) throw new Unsupported();
    return { kind: "repeat", node, min, max };
  }

  private escape(inClass: boolean): CharSet {
    const c = this.peek(1);
    this.pos += 2;
    if (c === undefined) throw new Unsupported();
    const cls = CLASS_ESCAPES[c];
    if (cls !== undefined) return cls;
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return single(simple);
    if (c === "b" && inClass) return single(8);
    if (c === "0" && !/\d/.test(this.peek() ?? "")) return single(0);
    if (c === "x" || c === "u") {
      const digits = c === "x" ? 2 : 4;
      const hex = this.src.slice(this.pos, this.pos + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) throw new Unsupported();
      this.pos += digits;
      return single(parseInt(hex, 16));
    }
    if (/[0-9A-Za-z]/.test(c)) throw new Unsupported(); // \b \B \k \p \c, backreferences…
    return single(c.charCodeAt(0)); // identity escape: \. \- \/ …
  }

  private charClass(): CharSet {
    this.pos++;
    const negated = this.peek() === "^";
    if (negated) this.pos++;
    const ranges: CharRange[] = [];
    while (this.peek() !== "]") {
      const from = this.classAtom();
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.pos++;
        const to = this.classAtom();
        if (from.ranges.length !== 1 || to.ranges.length !== 1) throw new Unsupported();
        const [lo, hi] = [from.ranges[0]![0], to.ranges[0]![0]];
        if (lo > hi) throw new Unsupported();
        ranges.push([lo, hi]);
      } else ranges.push(...from.ranges);
    }
    this.pos++;
    return { ranges, negated };
  }

  private classAtom(): CharSet {
    const c = this.peek();
    if (c === undefined) throw new Unsupported();
    if (c !== "\\") {
      this.pos++;
      return single(c.charCodeAt(0));
    }
    const set = this.escape(true);
    if (set.negated) throw new Unsupported(); // [\D] and friends
    return set;
  }
}

/** The tree of `pattern`; throws `Unsupported` for syntax beyond the subset. */
export function parsePattern(pattern: string): PatternNode {
  return new PatternParser(pattern).parse();
}
