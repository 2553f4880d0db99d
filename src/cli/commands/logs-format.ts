import { encodeLogRecord, type LogRecord } from "../../runtime/index.js";

// A service's output is stored as the service printed it (LogWriter keeps the raw text), so it
// may hold escape sequences that would drive the terminal: colours, cursor moves, title or
// clipboard writes (OSC 52), a CR that overwrites the line. They are made inert here, on output.

// eslint-disable-next-line no-control-regex -- ECMA-48 control sequences are what we remove.
const CSI = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]/g;
// OSC, DCS, SOS, PM and APC strings, up to BEL or ST (or the text's end when left open).
const STRING_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- control strings are what we remove.
  /(?:\u001b[\]P^_X]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g;
// eslint-disable-next-line no-control-regex -- every other C0 (but tab) and C1 control, DEL.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Characters JSON.stringify leaves raw that a terminal or a JavaScript reader may act on. */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r" };

/** `text` safe to print on a terminal: escape sequences removed, other controls shown escaped. */
export function inertText(text: string): string {
  return text.replace(CSI, "").replace(STRING_SEQUENCE, "").replace(CONTROL, escapeChar);
}

/** One record as a line: `2026-11-23T18:00:00.123Z orders/live INFO  listening on 4000`. */
export function formatRecord(record: LogRecord): string {
  const severity = record.severity.toUpperCase().padEnd(5);
  const source = inertText(`${record.node}/${record.target}`);
  return `${isoTime(record.atMs)} ${source} ${severity} ${inertText(record.text)}\n`;
}

/** One record as one JSON line (the stored field order), with no raw control character. */
export function recordJson(record: LogRecord): string {
  return `${encodeLogRecord(record).replace(JSON_UNSAFE, (char) => `\\u${hex(char.charCodeAt(0), 4)}`)}\n`;
}

/** The time as ISO 8601 UTC; a stamp outside the Date range (a damaged file) as its number. */
function isoTime(atMs: number): string {
  const date = new Date(atMs);
  return Number.isNaN(date.getTime()) ? String(atMs) : date.toISOString();
}

function escapeChar(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}
