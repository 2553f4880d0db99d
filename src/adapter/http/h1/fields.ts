// Field syntax shared by the request and response parsers (RFC 9110 §5): token names, field
// values without control characters, and optional whitespace trimmed as HTTP defines it.

/** Token characters (RFC 9110 §5.6.2), by char code. */
const TOKEN_CHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  TOKEN_CHAR[c.charCodeAt(0)] = 1;

/** Whether `s[from, to)` is a non-empty token. */
export function isToken(s: string, from = 0, to = s.length): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) if (TOKEN_CHAR[s.charCodeAt(k)] !== 1) return false;
  return true;
}

/** A control character a field value may not hold (all but HTAB; DEL too). */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const BAD_VALUE_CHAR = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Whether `value` is a valid field value (no CR, LF, NUL or other control characters). */
export function isFieldValue(value: string): boolean {
  return !BAD_VALUE_CHAR.test(value);
}

/** `s[from, to)` without leading and trailing SP / HTAB (and nothing else: NBSP is data). */
export function trimOws(s: string, from = 0, to = s.length): string {
  let a = from;
  let b = to;
  while (a < b && (s.charCodeAt(a) === 0x20 || s.charCodeAt(a) === 0x09)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 0x20 || s.charCodeAt(b - 1) === 0x09)) b--;
  return s.slice(a, b);
}

/**
 * Splits a header line at its colon into a validated name and trimmed value, or null when the
 * line is not `token ":" OWS value OWS` (a space before the colon and obsolete line folding
 * are refused too: both start or end the name with whitespace).
 */
export function splitField(line: string): [name: string, value: string] | null {
  const colon = line.indexOf(":");
  if (!isToken(line, 0, colon)) return null;
  const value = trimOws(line, colon + 1);
  return isFieldValue(value) ? [line.slice(0, colon), value] : null;
}

/** A field's value in a flat [name, value, …] list (repeated fields joined), by lower-case name. */
export function fieldValue(fields: readonly string[], lowerName: string): string | undefined {
  let out: string | undefined;
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i] as string;
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) {
      const value = fields[i + 1] as string;
      out = out === undefined ? value : `${out}, ${value}`;
    }
  }
  return out;
}

/** A flat [name, value, …] list as a record: lower-case names, repeated fields as arrays. */
export function fieldsRecord(fields: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < fields.length; i += 2) {
    const key = (fields[i] as string).toLowerCase();
    const value = fields[i + 1] as string;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
