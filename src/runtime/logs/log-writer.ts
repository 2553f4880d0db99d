import { appendFile, mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { RingBuffer, systemClock, type Clock } from "../../common/index.js";
import {
  DEFAULT_FLUSH_MS,
  DEFAULT_MAX_BUFFERED_LINES,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_FILES,
} from "./defaults.js";
import { hasErrorCode } from "./error-code.js";
import { assertNodeName, logFileName } from "./log-file-name.js";
import { encodeLogRecord, type LogRecord } from "./log-record.js";
import { parseSeverity, type LogStream } from "./severity.js";

/** Where a LogWriter writes, how much it keeps, and how it reports trouble. */
export interface LogWriterOptions {
  /** The logs folder, e.g. `<project>/.baton/logs`; created on the first write. */
  readonly dir: string;
  /** A node's current file is rotated before a line would take it past this; default 5 MiB. */
  readonly maxFileBytes?: number;
  /** Rotated files kept per node, `.1` … `.N`; default 3; 0 keeps none. */
  readonly maxFiles?: number;
  /** How long a line may wait in memory before the timer writes it, ms; default 200. */
  readonly flushMs?: number;
  /** Lines held between flushes (all nodes); beyond it the oldest are dropped; default 10 000. */
  readonly maxBufferedLines?: number;
  /** Stamps `appendLine`'s records; default the system clock. */
  readonly clock?: Clock;
  /** Told of every failed write (disk full, folder gone, no permission); must not throw. */
  readonly onError?: (error: unknown, file: string) => void;
}

/** A line as a supervisor reads it from a child: the writer adds the time and severity. */
export interface LogLine {
  readonly node: string;
  readonly target: string;
  readonly stream: LogStream;
  readonly text: string;
}

/** What the writer knows of a node's current file. */
interface FileState {
  /** Bytes in it, or null when unknown (first write, or after an error): stat it again. */
  size: number | null;
}

/**
 * Stores the owner's log records as JSONL, one file per node under `dir`, rotated by size.
 * `append` only buffers (a bounded ring: a slow disk costs dropped lines, never memory or a
 * blocked caller, shared/design.md §1 rule 2); a timer writes the buffer with one append per
 * file. Write errors are counted and reported through `onError`, never thrown. Lines are not
 * fsynced: a crash may lose the last flush, and the reader skips a line it cut short. The timer
 * never keeps the process alive, so call `close()` on shutdown.
 */
export class LogWriter {
  readonly #dir: string;
  readonly #maxFileBytes: number;
  readonly #maxFiles: number;
  readonly #flushMs: number;
  readonly #clock: Clock;
  readonly #onError: ((error: unknown, file: string) => void) | undefined;
  readonly #buffer: RingBuffer<LogRecord>;
  readonly #files = new Map<string, FileState>();
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;
  #lost = 0;
  #writeErrors = 0;
  #writes = 0;

  constructor(options: LogWriterOptions) {
    this.#dir = options.dir;
    this.#maxFileBytes = count(options.maxFileBytes, DEFAULT_MAX_FILE_BYTES, 1, "maxFileBytes");
    this.#maxFiles = count(options.maxFiles, DEFAULT_MAX_FILES, 0, "maxFiles");
    this.#flushMs = count(options.flushMs, DEFAULT_FLUSH_MS, 0, "flushMs");
    const capacity = count(
      options.maxBufferedLines,
      DEFAULT_MAX_BUFFERED_LINES,
      1,
      "maxBufferedLines",
    );
    this.#buffer = new RingBuffer<LogRecord>(capacity);
    this.#clock = options.clock ?? systemClock;
    this.#onError = options.onError;
  }

  /** Lines lost: dropped from a full buffer, appended after `close`, or in a failed write. */
  get dropped(): number {
    return this.#buffer.dropped + this.#lost;
  }

  /** File operations that failed (each also reported through `onError`). */
  get writeErrors(): number {
    return this.#writeErrors;
  }

  /** Appends made to files so far: at most one per file per flush. */
  get writeCount(): number {
    return this.#writes;
  }

  /** Lines waiting in memory for the next flush. */
  get buffered(): number {
    return this.#buffer.size;
  }

  /**
   * Buffers `record` for the next flush; never waits and never fails on I/O. Throws a TypeError
   * only for a node name that could leave the folder (a programmer error).
   */
  append(record: LogRecord): void {
    assertNodeName(record.node);
    if (this.#closed) {
      this.#lost++;
      return;
    }
    this.#buffer.push(record);
    if (this.#timer === null) {
      this.#timer = setTimeout(() => void this.flush(), this.#flushMs);
      this.#timer.unref();
    }
  }

  /** Appends `line` stamped with the clock's wall time and its parsed severity. */
  appendLine(line: LogLine): void {
    const severity = parseSeverity(line.text, line.stream);
    this.append({ ...line, atMs: this.#clock.nowMs(), severity });
  }

  /** Writes everything appended so far; resolves once it is written (or failed and reported). */
  flush(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = this.#buffer.drain();
    // Batches are chained, so writes land in append order and one node's file has one writer.
    if (batch.length > 0)
      this.#writing = this.#writing
        .then(() => this.#writeBatch(batch))
        .catch((error: unknown) => this.#report(error, this.#dir)); // keeps the chain alive
    return this.#writing;
  }

  /** Writes what is buffered and stops; later appends are counted as dropped. */
  close(): Promise<void> {
    this.#closed = true;
    return this.flush();
  }

  async #writeBatch(batch: LogRecord[]): Promise<void> {
    const byNode = new Map<string, string[]>();
    for (const record of batch) {
      const lines = byNode.get(record.node);
      if (lines) lines.push(encodeLogRecord(record));
      else byNode.set(record.node, [encodeLogRecord(record)]);
    }
    await Promise.all([...byNode].map(([node, lines]) => this.#writeNode(node, lines)));
  }

  /** Appends `lines` to `node`'s file, rotating before a line that would not fit. */
  async #writeNode(node: string, lines: string[]): Promise<void> {
    const file = join(this.#dir, logFileName(node));
    let state = this.#files.get(node);
    if (!state) this.#files.set(node, (state = { size: null }));
    let written = 0;
    try {
      let chunk = "";
      let chunkLines = 0;
      if (state.size === null) {
        const { size, endsLine } = await inspect(file);
        state.size = size;
        // A crash may have cut the last line short; end it so the next record stays readable.
        if (!endsLine) chunk = "\n";
      }
      let size = state.size + Buffer.byteLength(chunk);
      for (const line of lines) {
        const bytes = Buffer.byteLength(line) + 1;
        if (size + bytes > this.#maxFileBytes && size > 0) {
          if (chunkLines > 0) await this.#appendFile(file, chunk);
          written += chunkLines;
          await this.#rotate(node);
          chunk = "";
          chunkLines = 0;
          size = 0;
        }
        chunk += `${line}\n`;
        chunkLines++;
        size += bytes;
      }
      if (chunkLines > 0) await this.#appendFile(file, chunk);
      written += chunkLines;
      state.size = size;
    } catch (error) {
      state.size = null; // whatever happened to the file, look again next time
      this.#lost += lines.length - written;
      this.#writeErrors++;
      this.#report(error, file);
    }
  }

  /** Appends `text`, creating the folder when it is missing (first write, or removed since). */
  async #appendFile(file: string, text: string): Promise<void> {
    try {
      await appendFile(file, text, { encoding: "utf8", mode: 0o600 });
    } catch (error) {
      if (!hasErrorCode(error, "ENOENT")) throw error;
      await mkdir(this.#dir, { recursive: true });
      await appendFile(file, text, { encoding: "utf8", mode: 0o600 });
    }
    this.#writes++;
  }

  /** `<node>.log` becomes `.1`, `.1` becomes `.2` …; the oldest is overwritten or removed. */
  async #rotate(node: string): Promise<void> {
    const file = join(this.#dir, logFileName(node));
    if (this.#maxFiles === 0) {
      await rm(file, { force: true });
      return;
    }
    for (let k = this.#maxFiles - 1; k >= 1; k--)
      await renameIfPresent(`${file}.${k}`, `${file}.${k + 1}`);
    await renameIfPresent(file, `${file}.1`);
  }

  #report(error: unknown, file: string): void {
    try {
      this.#onError?.(error, file);
    } catch {
      // A failing reporter must not turn a lost log line into a crashed owner.
    }
  }
}

/** The size of `file` (0 when missing) and whether it ends with a line break (or is empty). */
async function inspect(file: string): Promise<{ size: number; endsLine: boolean }> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if (hasErrorCode(error, "ENOENT")) return { size: 0, endsLine: true };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return { size, endsLine: true };
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return { size, endsLine: last[0] === 0x0a };
  } finally {
    await handle.close();
  }
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if (!hasErrorCode(error, "ENOENT")) throw error;
  }
}

/** `value` (or `fallback`) checked to be an integer ≥ `min`; a TypeError otherwise. */
function count(value: number | undefined, fallback: number, min: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < min)
    throw new TypeError(`LogWriter ${name} must be an integer ≥ ${min}, got ${n}`);
  return n;
}
