// Text from services (their output, health reasons, contract reports) may hold escape sequences
// that would drive the terminal: colours, cursor moves, title or clipboard writes (OSC 52), a CR
// that overwrites the line. The CLI makes them inert wherever it prints such text.

// eslint-disable-next-line no-control-regex -- ECMA-48 control sequences are what we remove.
const CSI = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]/g;
// OSC, DCS, SOS, PM and APC strings, up to BEL or ST (or the text's end when left open).
const STRING_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- control strings are what we remove.
  /(?:\u001b[\]P^_X]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g;
// eslint-disable-next-line no-control-regex -- every other C0 (but tab) and C1 control, DEL.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r" };

/** `text` safe to print on a terminal: escape sequences removed, other controls shown escaped. */
export function inertText(text: string): string {
  return text.replace(CSI, "").replace(STRING_SEQUENCE, "").replace(CONTROL, escapeChar);
}

function escapeChar(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
}

/** `code` as lowercase hex, zero-padded to `width`. */
export function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}
