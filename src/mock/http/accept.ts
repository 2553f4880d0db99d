/** One media range of an Accept header. */
interface Range {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

function parseAccept(header: string): Range[] {
  const out: Range[] = [];
  for (const part of header.split(",")) {
    const [range = "", ...params] = part.split(";");
    const [type = "", subtype = "*"] = range.trim().toLowerCase().split("/");
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split("=").map((s) => s.trim());
      if (k === "q" && v !== undefined) q = Number(v);
    }
    if (type !== "" && Number.isFinite(q)) out.push({ type, subtype, q });
  }
  return out;
}

/** The base media type (`application/json; charset=utf-8` → `application/json`). */
export function baseType(mediaType: string): string {
  return (mediaType.split(";")[0] ?? "").trim().toLowerCase();
}

/**
 * The declared media type that best meets `accept` (RFC 9110 §12.5.1: highest q, then the
 * declaration order), or null when none is acceptable. No Accept header takes the first
 * JSON type, else the first declared.
 */
export function negotiate(declared: readonly string[], accept: string | undefined): string | null {
  if (declared.length === 0) return null;
  if (accept === undefined || accept.trim() === "")
    return declared.find((t) => isJson(t)) ?? (declared[0] as string);
  const ranges = parseAccept(accept);
  let best: string | null = null;
  let bestQ = 0;
  for (const candidate of declared) {
    const [type, subtype] = baseType(candidate).split("/");
    let q = -1;
    let specificity = -1;
    for (const r of ranges) {
      const s = r.type === "*" ? 0 : r.subtype === "*" ? 1 : 2;
      const hit =
        r.type === "*" || (r.type === type && (r.subtype === "*" || r.subtype === subtype));
      if (hit && s > specificity) [q, specificity] = [r.q, s];
    }
    if (q > bestQ) [best, bestQ] = [candidate, q];
  }
  return best;
}

/** JSON media types: `application/json` and `+json` suffixes. */
export function isJson(mediaType: string): boolean {
  const t = baseType(mediaType);
  return t === "application/json" || t.endsWith("+json");
}
