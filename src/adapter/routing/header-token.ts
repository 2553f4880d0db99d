/**
 * RFC 7230 §3.2.6 `tchar`, indexed by char code below 128: the characters a header field name
 * (and, per RFC 6265, a cookie name) may hold. A table beats a regex on the validation path and
 * documents the set in one place.
 */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1; // DIGIT
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1; // upper ALPHA
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1; // lower ALPHA

/** Whether `name` is a non-empty RFC 7230 token (a valid header field name or cookie name). */
export function isToken(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || TCHAR[c] !== 1) return false;
  }
  return true;
}
