// Log-linear buckets over microseconds, after HdrHistogram: each power of two is cut into
// 2^SUB_BUCKET_BITS equal sub-buckets, and a bucket reads as its midpoint, so a value v ≥ 1 µs
// reads back within ±1/2^(SUB_BUCKET_BITS+1) of v: 1.5625 % for 5 bits.
const SUB_BUCKET_BITS = 5;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** Powers of two covered: [2^0, 2^26) µs = 1 µs … 67.1 s, beyond the 60 s we must cover. */
const OCTAVES = 26;
/** Bucket 0 holds values below 1 µs; buckets 1… are the log-linear ones. */
const BUCKET_COUNT = 1 + OCTAVES * SUB_BUCKETS;
const MAX_TRACKED_US = 2 ** OCTAVES;
const US_PER_MS = 1000;

/** Worst relative error of a percentile for values from 1 µs to 60 s: 1/64 ≈ 1.6 %. */
export const HISTOGRAM_RELATIVE_ERROR = 1 / (2 * SUB_BUCKETS);

/** Largest latency, in ms, read back within `HISTOGRAM_RELATIVE_ERROR` (67.1 s); above clamps. */
export const HISTOGRAM_MAX_TRACKED_MS = MAX_TRACKED_US / US_PER_MS;

/**
 * A latency histogram in fixed memory (one preallocated typed array, ~6.7 KB): `record` is
 * O(1) and allocates nothing; percentiles are exact to within `HISTOGRAM_RELATIVE_ERROR` for
 * 1 µs … 67 s (the lowest and highest ranks are exact); smaller values read as < 1 µs,
 * larger ones as the largest seen.
 */
export class LatencyHistogram {
  // Float64 counts stay exact to 2^53, well past what a Uint32 would wrap at.
  readonly #counts = new Float64Array(BUCKET_COUNT);
  #count = 0;
  #sumMs = 0;
  #minMs = Infinity;
  #maxMs = -Infinity;

  /** Samples recorded. */
  get count(): number {
    return this.#count;
  }

  /** Smallest sample in ms (0 when empty). */
  get minMs(): number {
    return this.#count === 0 ? 0 : this.#minMs;
  }

  /** Largest sample in ms (0 when empty). */
  get maxMs(): number {
    return this.#count === 0 ? 0 : this.#maxMs;
  }

  /** Mean sample in ms (0 when empty). */
  get meanMs(): number {
    return this.#count === 0 ? 0 : this.#sumMs / this.#count;
  }

  /** Records one latency of `ms` milliseconds (finite, ≥ 0). */
  record(ms: number): void {
    if (!(ms >= 0 && ms < Infinity))
      throw new TypeError(`latency must be finite ms ≥ 0, got ${ms}`);
    this.#counts[bucketOf(ms * US_PER_MS)]! += 1;
    this.#count += 1;
    this.#sumMs += ms;
    if (ms < this.#minMs) this.#minMs = ms;
    if (ms > this.#maxMs) this.#maxMs = ms;
  }

  /**
   * The `p`th percentile in ms, by nearest rank: the value at rank ⌈p × count / 100⌉ (at least
   * 1) of the sorted samples, within the stated error. 0 when empty.
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new TypeError(`percentile must be within [0, 100], got ${p}`);
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p * this.#count) / 100));
    // The extremes are known exactly: p0 is the min, p100 (and any top rank) the max.
    if (rank === 1) return this.#minMs;
    if (rank >= this.#count) return this.#maxMs;
    let seen = 0;
    let bucket = 0;
    for (; bucket < BUCKET_COUNT - 1; bucket++) {
      seen += this.#counts[bucket]!;
      if (seen >= rank) break;
    }
    // The true value lies within [min, max], so clamping only brings the reading closer.
    return Math.min(this.#maxMs, Math.max(this.#minMs, midpointUs(bucket) / US_PER_MS));
  }

  /** Forgets every sample. */
  reset(): void {
    this.#counts.fill(0);
    this.#count = 0;
    this.#sumMs = 0;
    this.#minMs = Infinity;
    this.#maxMs = -Infinity;
  }

  /** Adds every sample of `other` to this histogram (`other` is unchanged). */
  merge(other: LatencyHistogram): void {
    const counts = other.#counts;
    for (let i = 0; i < BUCKET_COUNT; i++) this.#counts[i]! += counts[i]!;
    this.#count += other.#count;
    this.#sumMs += other.#sumMs;
    if (other.#minMs < this.#minMs) this.#minMs = other.#minMs;
    if (other.#maxMs > this.#maxMs) this.#maxMs = other.#maxMs;
  }
}

/** The bucket of a value in µs. */
function bucketOf(us: number): number {
  if (us < 1) return 0;
  if (us >= MAX_TRACKED_US) return BUCKET_COUNT - 1;
  const octave = 31 - Math.clz32(us); // ⌊log2(us)⌋: us < 2^26 fits in 32 bits
  const sub = Math.floor((us / 2 ** octave - 1) * SUB_BUCKETS);
  return 1 + octave * SUB_BUCKETS + sub;
}

/** The value, in µs, a bucket reads as: its midpoint. */
function midpointUs(bucket: number): number {
  if (bucket === 0) return 0.5;
  const octave = Math.floor((bucket - 1) / SUB_BUCKETS);
  const sub = (bucket - 1) % SUB_BUCKETS;
  const width = 2 ** octave / SUB_BUCKETS;
  return 2 ** octave + (sub + 0.5) * width;
}
