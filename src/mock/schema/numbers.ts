import type { Random } from "../../common/index.js";
import { drawInt } from "./draw.js";
import { numberAt, type Schema } from "./keywords.js";

/** Dynamic mode draws within 0..100 on a side the schema leaves open (the brief's default). */
const DEFAULT_LOW = 0;
const DEFAULT_HIGH = 100;
/** Dynamic non-integers are drawn on a 0.01 grid: readable values that round exactly. */
const DYNAMIC_NUMBER_STEP = 0.01;
/** Fractional multipleOf on an integer: the first integer multiple is searched this far. */
const MAX_INTEGER_STEP_SEARCH = 1000;
/** Relative tolerance when checking multipleOf on binary floating point. */
const MULTIPLE_EPSILON = 1e-9;

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

/** The numeric constraints of a schema, both exclusive styles read into one form. */
export interface NumberRange {
  readonly lower?: Bound;
  readonly upper?: Bound;
  readonly multipleOf?: number;
}

function tighter(a: Bound | undefined, b: Bound | undefined, sign: 1 | -1): Bound | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  if (a.value !== b.value) return (a.value - b.value) * sign > 0 ? a : b;
  return a.exclusive ? a : b;
}

/**
 * Reads minimum/maximum with draft-4 / OpenAPI 3.0 boolean `exclusiveMinimum` and the draft-6+
 * numeric form; when both forms bound a side, the tighter wins.
 */
export function numberRange(s: Schema): NumberRange {
  const minimum = numberAt(s, "minimum");
  const maximum = numberAt(s, "maximum");
  const exMin = numberAt(s, "exclusiveMinimum");
  const exMax = numberAt(s, "exclusiveMaximum");
  const lower = tighter(
    minimum === undefined ? undefined : { value: minimum, exclusive: s.exclusiveMinimum === true },
    exMin === undefined ? undefined : { value: exMin, exclusive: true },
    1,
  );
  const upper = tighter(
    maximum === undefined ? undefined : { value: maximum, exclusive: s.exclusiveMaximum === true },
    exMax === undefined ? undefined : { value: exMax, exclusive: true },
    -1,
  );
  const m = numberAt(s, "multipleOf");
  return { lower, upper, multipleOf: m !== undefined && m > 0 ? m : undefined };
}

/** Whether `x` is a multiple of `m`, within floating-point tolerance. */
export function isMultipleOf(x: number, m: number): boolean {
  const q = x / m;
  return Math.abs(q - Math.round(q)) <= MULTIPLE_EPSILON * Math.max(1, Math.abs(q));
}

/** Whether `x` satisfies every constraint of `range`. */
export function satisfiesRange(x: number, range: NumberRange): boolean {
  const { lower, upper, multipleOf } = range;
  if (lower !== undefined && (lower.exclusive ? x <= lower.value : x < lower.value)) return false;
  if (upper !== undefined && (upper.exclusive ? x >= upper.value : x > upper.value)) return false;
  return multipleOf === undefined || isMultipleOf(x, multipleOf);
}

/** Digits after the point in `x`'s shortest decimal form (1e-7 → 7). */
export function decimalsOf(x: number): number {
  const [mantissa = "", exponent] = String(x).split("e-");
  const dot = mantissa.indexOf(".");
  return (
    (dot < 0 ? 0 : mantissa.length - dot - 1) + (exponent === undefined ? 0 : Number(exponent))
  );
}

/** The smallest integer multiple of `m`, or 1 when there is none nearby (multipleOf dropped). */
function integerStep(m: number): number {
  if (Number.isInteger(m)) return m;
  for (let n = 2; n <= MAX_INTEGER_STEP_SEARCH; n++) {
    const x = n * m;
    if (Math.abs(x - Math.round(x)) < MULTIPLE_EPSILON) return Math.round(x);
  }
  return 1;
}

/**
 * Values on a grid `k * step`, rounded to the step's decimals so 3 × 0.1 is 0.3. Bounds are
 * turned into grid indexes; the ±1 nudges absorb floating-point error in the division.
 */
class Grid {
  private readonly decimals: number;
  constructor(private readonly step: number) {
    this.decimals = Math.min(decimalsOf(step), 100);
  }

  at(k: number): number {
    const x = k * this.step;
    const v = this.decimals === 0 ? x : Number(x.toFixed(this.decimals));
    return v === 0 ? 0 : v; // never -0
  }

  /** The first index at or above the bound, or undefined when outside safe integers. */
  first(bound: Bound): number | undefined {
    const ok = (k: number): boolean =>
      bound.exclusive ? this.at(k) > bound.value : this.at(k) >= bound.value;
    let k = Math.ceil(bound.value / this.step);
    if (!Number.isSafeInteger(k)) return undefined;
    if (!ok(k)) k++;
    else if (ok(k - 1)) k--;
    return k;
  }

  last(bound: Bound): number | undefined {
    const ok = (k: number): boolean =>
      bound.exclusive ? this.at(k) < bound.value : this.at(k) <= bound.value;
    let k = Math.floor(bound.value / this.step);
    if (!Number.isSafeInteger(k)) return undefined;
    if (!ok(k)) k--;
    else if (ok(k + 1)) k++;
    return k;
  }
}

/** Off the grid (no grid point in range, or bounds too large): the bounds themselves or between. */
function continuous(range: NumberRange, random: Random | undefined): number {
  const { lower, upper } = range;
  const candidates: number[] = [];
  if (random !== undefined && lower !== undefined && upper !== undefined)
    candidates.push(lower.value + random.next() * (upper.value - lower.value));
  candidates.push(0);
  if (lower !== undefined) candidates.push(lower.value);
  if (upper !== undefined) candidates.push(upper.value);
  if (lower !== undefined && upper !== undefined) candidates.push((lower.value + upper.value) / 2);
  return candidates.find((x) => satisfiesRange(x, range)) ?? lower?.value ?? upper?.value ?? 0;
}

/**
 * A number satisfying the schema's bounds and multipleOf. Static (`random` undefined): the valid
 * value closest to 0, preferring integers for `number` too. Dynamic: a random grid point between
 * the bounds, an open side defaulting to 0..100. Unsatisfiable bounds give a best effort.
 */
export function sampleNumber(s: Schema, integer: boolean, random: Random | undefined): number {
  const range = numberRange(s);
  const m = range.multipleOf;
  const step =
    m !== undefined
      ? integer
        ? integerStep(m)
        : m
      : integer || random === undefined
        ? 1
        : DYNAMIC_NUMBER_STEP;
  const grid = new Grid(step);
  let lo = range.lower === undefined ? undefined : grid.first(range.lower);
  let hi = range.upper === undefined ? undefined : grid.last(range.upper);
  if (
    (range.lower !== undefined && lo === undefined) ||
    (range.upper !== undefined && hi === undefined)
  )
    return continuous(range, random);
  if (random === undefined) {
    if (lo !== undefined && hi !== undefined && lo > hi)
      return integer ? grid.at(lo) : continuous(range, random);
    return grid.at(Math.min(Math.max(0, lo ?? 0), hi ?? Infinity));
  }
  // An open side spans 0..100 where that overlaps the other bound, else 100 beyond it.
  const span = Math.min(1e9, Math.max(1, Math.floor((DEFAULT_HIGH - DEFAULT_LOW) / step)));
  if (lo === undefined) {
    const low = grid.first({ value: DEFAULT_LOW, exclusive: false });
    if (low === undefined) return continuous(range, random);
    lo = hi === undefined || low <= hi ? low : hi - span;
  }
  if (hi === undefined) {
    const high = grid.last({ value: DEFAULT_HIGH, exclusive: false });
    if (high === undefined) return continuous(range, random);
    hi = high >= lo ? high : lo + span;
  }
  if (lo > hi) return integer ? grid.at(lo) : continuous(range, random);
  return grid.at(drawInt(random, lo, hi));
}
