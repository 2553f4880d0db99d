import { open, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_FOLLOW_POLL_MS } from "./defaults.js";
import { hasErrorCode } from "./error-code.js";
import { logFileName } from "./log-file-name.js";
import {
  checkQuery,
  listLogFiles,
  matchesQuery,
  mergeByTime,
  readNodeFiles,
  takeLast,
  type LogQuery,
} from "./log-reader.js";
import { decodeLogLines, type LogRecord } from "./log-record.js";

/** How `followLogs` polls and reports trouble. */
export interface FollowOptions {
  /** How often the files are checked for new lines, ms; default 250. */
  readonly pollMs?: number;
  /** Told of read errors and of errors thrown by `onRecord`; following goes on. */
  readonly onError?: (error: unknown) => void;
}

/** A running `followLogs`. */
export interface LogFollower {
  /** Resolves once the starting point is fixed: every record appended after it is delivered. */
  readonly ready: Promise<void>;
  /** Stops polling; no record is delivered after it returns. */
  stop(): void;
}

/** Where following stands in a node's current file. */
interface Tail {
  /** The inode of the file read so far; null before one exists. */
  ino: number | null;
  /** Bytes consumed, always just after a line break. */
  offset: number;
}

/**
 * Calls `onRecord` for each record appended from now on to `query.node`'s log (or any node's),
 * oldest first, as `tail -F` does: polls each current file's size and reads only complete lines.
 * When a file is replaced (rotation) it first finishes the old one, now `.1`, then reads the new
 * one from its start; a file that shrinks is read again from its start. With `query.last`, the
 * last that many existing records come first, with no gap or repeat before the new ones.
 */
export function followLogs(
  dir: string,
  query: LogQuery,
  onRecord: (record: LogRecord) => void,
  options: FollowOptions = {},
): LogFollower {
  checkQuery(query);
  const pollMs = options.pollMs ?? DEFAULT_FOLLOW_POLL_MS;
  if (!(Number.isFinite(pollMs) && pollMs > 0))
    throw new TypeError(`followLogs pollMs must be a positive number, got ${pollMs}`);
  const tails = new Map<string, Tail>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // A failing reporter must not stop the following.
    }
  };
  const emit = (records: LogRecord[]): void => {
    for (const record of records) {
      if (stopped) return;
      try {
        onRecord(record);
      } catch (error) {
        report(error);
      }
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void poll().catch(report).finally(schedule);
    }, pollMs);
  };

  async function start(): Promise<void> {
    const backlog: LogRecord[][] = [];
    for (const [node, files] of await listLogFiles(dir, query.node)) {
      const tail: Tail = { ino: null, offset: 0 };
      tails.set(node, tail);
      const current = logFileName(node);
      const handle = await openIfPresent(join(dir, current));
      let records: LogRecord[] = [];
      if (handle) {
        try {
          const { ino, size } = await handle.stat();
          tail.ino = ino;
          if (query.last === undefined) tail.offset = size;
          else records = (await readFrom(handle, tail, size)).filter((r) => matchesQuery(r, query));
        } finally {
          await handle.close();
        }
      }
      if (query.last === undefined) continue;
      const older = files.filter((name) => name !== current);
      const wanted = query.last - records.length;
      if (wanted > 0)
        records = [...(await readNodeFiles(dir, older, { ...query, last: wanted })), ...records];
      backlog.push(takeLast(records, query.last));
    }
    emit(takeLast(mergeByTime(backlog), query.last));
  }

  async function poll(): Promise<void> {
    const nodes = new Set(tails.keys());
    if (query.node !== undefined) nodes.add(query.node);
    else for (const node of (await listLogFiles(dir)).keys()) nodes.add(node);
    const batches: LogRecord[][] = [];
    for (const node of nodes) {
      let tail = tails.get(node);
      if (!tail) tails.set(node, (tail = { ino: null, offset: 0 })); // new since start: all of it
      try {
        const records = await readNew(dir, node, tail);
        batches.push(records.filter((r) => matchesQuery(r, query)));
      } catch (error) {
        report(error); // one unreadable file must not hold back the others' lines
      }
    }
    emit(mergeByTime(batches));
  }

  const ready = start().catch(report).then(schedule);
  return {
    ready,
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}

/** The complete lines appended to `node`'s current file since `tail`, moving `tail` on. */
async function readNew(dir: string, node: string, tail: Tail): Promise<LogRecord[]> {
  const handle = await openIfPresent(join(dir, logFileName(node)));
  if (!handle) {
    // Rotated away and the next file not created yet: finish the old one where it went.
    const rest = await readRotatedRest(dir, node, tail);
    tail.ino = null;
    tail.offset = 0;
    return rest;
  }
  try {
    const { ino, size } = await handle.stat();
    let rest: LogRecord[] = [];
    if (tail.ino !== null && ino !== tail.ino) {
      rest = await readRotatedRest(dir, node, tail);
      tail.offset = 0;
    } else if (size < tail.offset) {
      tail.offset = 0; // truncated in place
    }
    tail.ino = ino;
    return [...rest, ...(await readFrom(handle, tail, size))];
  } finally {
    await handle.close();
  }
}

/** What was appended to the file `tail` was reading before the writer renamed it to `.1`. */
async function readRotatedRest(dir: string, node: string, tail: Tail): Promise<LogRecord[]> {
  if (tail.ino === null) return [];
  const handle = await openIfPresent(join(dir, logFileName(node, 1)));
  if (!handle) return [];
  try {
    const { ino, size } = await handle.stat();
    return ino === tail.ino ? await readFrom(handle, tail, size) : [];
  } finally {
    await handle.close();
  }
}

/** The records in complete lines from `tail.offset` up to `size`; moves `tail.offset` past them. */
async function readFrom(handle: FileHandle, tail: Tail, size: number): Promise<LogRecord[]> {
  if (size <= tail.offset) return [];
  const buffer = Buffer.alloc(size - tail.offset);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, tail.offset);
  // A line break byte never occurs inside a UTF-8 sequence, so cutting there is safe.
  const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
  if (end < 0) return [];
  tail.offset += end + 1;
  return decodeLogLines(buffer.toString("utf8", 0, end + 1)).records;
}

async function openIfPresent(file: string): Promise<FileHandle | undefined> {
  try {
    return await open(file, "r");
  } catch (error) {
    if (hasErrorCode(error, "ENOENT")) return undefined;
    throw error;
  }
}
