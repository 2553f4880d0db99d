import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { hasErrorCode } from "./error-code.js";
import { assertNodeName, parseLogFileName } from "./log-file-name.js";
import { decodeLogLines, type LogRecord } from "./log-record.js";
import { SEVERITIES, severityAtLeast, type Severity } from "./severity.js";

/** Which records `readLogs` and `followLogs` return: `baton logs --node N --level L --last N`. */
export interface LogQuery {
  /** Only this node's records; default every node's. */
  readonly node?: string;
  /** Only records this serious or more. */
  readonly minSeverity?: Severity;
  /** Only the last this many (after the other filters); default all. */
  readonly last?: number;
}

/**
 * The records of `query.node` (or of every node) in `dir`, oldest first: each node's rotated
 * files before its current one, nodes merged by time. A missing folder holds no records; damaged
 * lines and a last line cut short are skipped. With `last`, files are read newest first and only
 * until enough records are found. A rotation while reading may repeat or skip a file's worth.
 */
export async function readLogs(dir: string, query: LogQuery = {}): Promise<LogRecord[]> {
  checkQuery(query);
  const nodes = await listLogFiles(dir, query.node);
  const perNode = await Promise.all(
    [...nodes.values()].map((files) => readNodeFiles(dir, files, query)),
  );
  return takeLast(mergeByTime(perNode), query.last);
}

/** Throws a TypeError for a query no caller should build (bad node name, level, or count). */
export function checkQuery(query: LogQuery): void {
  if (query.node !== undefined) assertNodeName(query.node);
  if (query.minSeverity !== undefined && !SEVERITIES.includes(query.minSeverity))
    throw new TypeError(`unknown log severity ${JSON.stringify(query.minSeverity)}`);
  if (query.last !== undefined && !(Number.isSafeInteger(query.last) && query.last >= 0))
    throw new TypeError(`a log query's last must be an integer ≥ 0, got ${query.last}`);
}

/** True when `record` passes the query's severity filter (the node is chosen by file). */
export function matchesQuery(record: LogRecord, query: LogQuery): boolean {
  return query.minSeverity === undefined || severityAtLeast(record.severity, query.minSeverity);
}

/**
 * The log files in `dir` by node (sorted by name), each node's oldest first: `.N` … `.1`, then
 * the current one. Only `node`'s when given; an empty map when the folder does not exist.
 */
export async function listLogFiles(dir: string, node?: string): Promise<Map<string, string[]>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (hasErrorCode(error, "ENOENT")) return new Map();
    throw error;
  }
  const byNode = new Map<string, { name: string; generation: number }[]>();
  for (const name of names) {
    const parsed = parseLogFileName(name);
    if (!parsed || (node !== undefined && parsed.node !== node)) continue;
    const files = byNode.get(parsed.node) ?? [];
    files.push({ name, generation: parsed.generation });
    byNode.set(parsed.node, files);
  }
  const result = new Map<string, string[]>();
  for (const name of [...byNode.keys()].sort()) {
    const files = (byNode.get(name) ?? []).sort((a, b) => b.generation - a.generation);
    result.set(
      name,
      files.map((f) => f.name),
    );
  }
  return result;
}

/**
 * Merges per-node lists (each in write order) into one by `atMs`, keeping each list's own order
 * even where its clock stepped back; ties go to the earlier list. Few nodes, so a linear pick.
 */
export function mergeByTime(lists: readonly LogRecord[][]): LogRecord[] {
  const live = lists.filter((list) => list.length > 0);
  if (live.length <= 1) return live[0] ?? [];
  const cursors = live.map((list) => ({ list, at: 0 }));
  const merged: LogRecord[] = [];
  for (;;) {
    let best: { list: LogRecord[]; at: number } | undefined;
    let bestAtMs = Infinity;
    for (const cursor of cursors) {
      const head = cursor.list[cursor.at];
      if (head !== undefined && (best === undefined || head.atMs < bestAtMs)) {
        best = cursor;
        bestAtMs = head.atMs;
      }
    }
    if (best === undefined) return merged;
    merged.push(best.list[best.at++] as LogRecord);
  }
}

/** The last `last` items (all when undefined). */
export function takeLast<T>(items: T[], last: number | undefined): T[] {
  if (last === undefined || items.length <= last) return items;
  return last === 0 ? [] : items.slice(-last);
}

/**
 * The matching records of one node's `files` (oldest first, as `listLogFiles` gives them), oldest
 * first; files are read newest first and no further than `last` needs.
 */
export async function readNodeFiles(
  dir: string,
  files: string[],
  query: LogQuery,
): Promise<LogRecord[]> {
  const chunks: LogRecord[][] = [];
  let found = 0;
  for (let i = files.length - 1; i >= 0; i--) {
    if (query.last !== undefined && found >= query.last) break;
    const text = await readIfPresent(join(dir, files[i] ?? ""));
    const records = decodeLogLines(text).records.filter((r) => matchesQuery(r, query));
    chunks.unshift(records);
    found += records.length;
  }
  return takeLast(chunks.flat(), query.last);
}

/** The file's text, or "" when it was rotated away since the folder was listed. */
async function readIfPresent(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (hasErrorCode(error, "ENOENT")) return "";
    throw error;
  }
}
