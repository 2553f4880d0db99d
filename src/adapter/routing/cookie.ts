const SPACE = 0x20;
const TAB = 0x09;
const EQUALS = 0x3d;
const SEMICOLON = ";";

/** Index of the first char at or after `pos` (before `end`) that is not a space or tab. */
function skipWhitespace(text: string, pos: number, end: number): number {
  let i = pos;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB) break;
    i++;
  }
  return i;
}

/**
 * Where the value of the first cookie named `name` starts in a Cookie header (RFC 6265 §4.2:
 * `a=1; b=2`), or -1 when absent. A hand scan, not a regex or `split`, because it runs on every
 * sticky request: no allocation. Names compare case-sensitively (RFC 6265); whitespace around
 * `=` is tolerated as browsers and the `cookie` npm package do. The first occurrence wins.
 */
export function findCookieValue(header: string, name: string): number {
  if (name.length === 0) return -1;
  const length = header.length;
  let pos = 0;
  while (pos < length) {
    let pairEnd = header.indexOf(SEMICOLON, pos);
    if (pairEnd < 0) pairEnd = length;
    const nameStart = skipWhitespace(header, pos, pairEnd);
    if (header.startsWith(name, nameStart)) {
      const afterName = skipWhitespace(header, nameStart + name.length, pairEnd);
      if (afterName < pairEnd && header.charCodeAt(afterName) === EQUALS) {
        return skipWhitespace(header, afterName + 1, pairEnd);
      }
    }
    pos = pairEnd + 1;
  }
  return -1;
}

/** End (exclusive) of the cookie value that starts at `start`: the next `;`, trailing whitespace trimmed. */
export function cookieValueEnd(header: string, start: number): number {
  let end = header.indexOf(SEMICOLON, start);
  if (end < 0) end = header.length;
  while (end > start) {
    const c = header.charCodeAt(end - 1);
    if (c !== SPACE && c !== TAB) break;
    end--;
  }
  return end;
}
