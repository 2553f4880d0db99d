/** FNV-1a 32-bit offset basis (Fowler, Noll, Vo). */
const FNV_OFFSET_BASIS = 0x811c9dc5;
/** FNV-1a 32-bit prime. */
const FNV_PRIME = 0x01000193;
/** 2³²: turns a 32-bit unsigned integer into a fraction. */
const UINT32_RANGE = 4_294_967_296;

/**
 * FNV-1a over the UTF-16 code units of `text[start, end)`, as an unsigned 32-bit integer. Hashing a
 * range lets the caller hash a cookie value inside the Cookie header without slicing a substring.
 * Code units rather than UTF-8 bytes: the hash only has to be stable within Baton, not portable.
 */
export function fnv1a32(text: string, start = 0, end = text.length): number {
  let hash = FNV_OFFSET_BASIS;
  for (let i = start; i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/**
 * MurmurHash3's 32-bit finaliser (Austin Appleby): a bijection with full avalanche. FNV-1a alone
 * spreads near-identical keys (`user-1`, `user-2`) poorly in the high bits; this fixes that.
 */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** An unsigned 32-bit integer as a fraction strictly inside (0, 1), so its logarithm is finite. */
export function toOpenUnit(value: number): number {
  return ((value >>> 0) + 0.5) / UINT32_RANGE;
}
