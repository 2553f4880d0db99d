import { cookieValueEnd, findCookieValue } from "./cookie.js";
import { fmix32, fnv1a32 } from "./hash.js";
import type { StickyKey } from "./route-spec.js";
import type { RouteRequest } from "./router.js";

/** Header carrying cookies, lowercase as `RouteRequest.header` expects. */
const COOKIE_HEADER = "cookie";

/** Returned by `StickyKeyReader.hashOf` when a request carries no affinity key. */
export const NO_STICKY_KEY = -1;

/**
 * Reads a request's affinity key (a header value, or one cookie's value) and hashes it, without
 * slicing strings. An absent or empty key gives NO_STICKY_KEY: an empty value is no identity.
 */
export class StickyKeyReader {
  private readonly header: string;
  private readonly cookie: string | undefined;

  constructor(sticky: StickyKey) {
    if ("cookie" in sticky) {
      this.header = COOKIE_HEADER;
      this.cookie = sticky.cookie;
    } else {
      this.header = sticky.header.toLowerCase();
      this.cookie = undefined;
    }
  }

  /** The key's 32-bit hash (FNV-1a, then murmur3's finaliser for avalanche), or NO_STICKY_KEY. */
  hashOf(req: RouteRequest): number {
    const value = req.header(this.header);
    if (value === undefined) return NO_STICKY_KEY;
    let start = 0;
    let end = value.length;
    if (this.cookie !== undefined) {
      start = findCookieValue(value, this.cookie);
      if (start < 0) return NO_STICKY_KEY;
      end = cookieValueEnd(value, start);
    }
    return end > start ? fmix32(fnv1a32(value, start, end)) : NO_STICKY_KEY;
  }
}
