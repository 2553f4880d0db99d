import { SEVERITIES, type LogStream, type Severity } from "./severity.js";

/** One line of a live service's output, attributed to its node and target. */
export interface LogRecord {
  /** When the owner read the line, epoch ms. */
  readonly atMs: number;
  readonly node: string;
  /** Which of the node's targets printed it (the live service's name in the circuit). */
  readonly target: string;
  readonly stream: LogStream;
  readonly severity: Severity;
  /** The line without its line break. */
  readonly text: string;
}

/** What `decodeLogLines` found in a text. */
export interface DecodedLogLines {
  readonly records: LogRecord[];
  /** Complete lines that were not a log record (damaged, or not ours), skipped. */
  readonly invalid: number;
  /** Text after the last line break: a line still being written, or cut short by a crash. */
  readonly tail: string;
}

/** `record` as one JSON line, without the line break (JSON escapes any inside the text). */
export function encodeLogRecord(record: LogRecord): string {
  // Fields listed one by one: a fixed order, and nothing else the object may carry.
  return JSON.stringify({
    atMs: record.atMs,
    node: record.node,
    target: record.target,
    stream: record.stream,
    severity: record.severity,
    text: record.text,
  });
}

/** The record on one JSON line, or undefined when the line is not one. */
export function decodeLogRecord(line: string): LogRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (
    typeof r.atMs !== "number" ||
    !Number.isFinite(r.atMs) ||
    typeof r.node !== "string" ||
    typeof r.target !== "string" ||
    (r.stream !== "stdout" && r.stream !== "stderr") ||
    !SEVERITIES.includes(r.severity as Severity) ||
    typeof r.text !== "string"
  )
    return undefined;
  return {
    atMs: r.atMs,
    node: r.node,
    target: r.target,
    stream: r.stream,
    severity: r.severity as Severity,
    text: r.text,
  };
}

/**
 * The records of a JSONL text, in order. Blank lines are skipped; damaged lines are skipped and
 * counted; text after the last line break is returned as `tail`, never decoded, since a writer
 * may be in the middle of it or have crashed there.
 */
export function decodeLogLines(text: string): DecodedLogLines {
  const lines = text.split("\n");
  const tail = lines.pop() ?? "";
  const records: LogRecord[] = [];
  let invalid = 0;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const record = decodeLogRecord(line);
    if (record) records.push(record);
    else invalid++;
  }
  return { records, invalid, tail };
}
