import { encodeLogRecord, type LogRecord } from "../../runtime/index.js";
import { hex, inertText } from "../render/inert-text.js";

// A service's output is stored as the service printed it (LogWriter keeps the raw text): it is
// made inert here, on output.

/** Characters JSON.stringify leaves raw that a terminal or a JavaScript reader may act on. */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029]/g;

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
