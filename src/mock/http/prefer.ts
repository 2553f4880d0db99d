/** What a client asked of the mock (Prism's `Prefer` header and `__` query parameters). */
export interface MockPreference {
  readonly code: string | undefined;
  readonly example: string | undefined;
  readonly dynamic: boolean | undefined;
}

/**
 * Reads `Prefer: code=404, example=notFound, dynamic=true` (commas or semicolons between
 * preferences) and the `__code`, `__example`, `__dynamic` query equivalents; the query wins.
 */
export function readPreference(prefer: string | undefined, query: URLSearchParams): MockPreference {
  const fromHeader = new Map<string, string>();
  if (prefer !== undefined)
    for (const part of prefer.split(/[,;]/)) {
      const eq = part.indexOf("=");
      if (eq < 0) continue;
      const value = part
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1");
      fromHeader.set(part.slice(0, eq).trim().toLowerCase(), value);
    }
  const pick = (name: string) => query.get(`__${name}`) ?? fromHeader.get(name);
  const dynamic = pick("dynamic");
  return {
    code: pick("code"),
    example: pick("example"),
    dynamic: dynamic === undefined ? undefined : dynamic.toLowerCase() === "true",
  };
}
