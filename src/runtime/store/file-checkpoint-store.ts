import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { BatonError, isBatonError } from "../../common/index.js";
import type { CheckpointText } from "../../core/index.js";
import { jobFileName, jobIdOfFileName } from "./job-file-name.js";
import { writeFileDurable } from "./write-file-durable.js";

/** A checkpoint text as the store holds it; `source` is its file, for `decodeCheckpoint`. */
export interface StoredCheckpointFile {
  readonly jobId: string;
  readonly text: string;
  readonly source: string;
}

/** Collaborators of a FileCheckpointStore. */
export interface FileCheckpointStoreOptions {
  /** The folder of checkpoint files (created on the first save), e.g. `.baton/jobs`. */
  readonly dir: string;
  /**
   * Checks a loaded text and throws to reject it (the owner passes the core's
   * `decodeCheckpoint`). The default only requires a JSON object.
   */
  readonly validate?: (text: string, source: string) => void;
  /** Writes one file durably; the default is temp file + fsync + rename. Tests wrap it. */
  readonly writeFile?: (file: string, text: string) => Promise<void>;
}

type Op = { readonly kind: "write"; readonly text: CheckpointText } | { readonly kind: "remove" };

/** The newest operation waiting for a job, and everyone waiting for it. */
interface Waiting {
  op: Op;
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** One job's single writer: at most one operation in flight and one waiting. */
interface Lane {
  next: Waiting | null;
  running: Promise<void> | null;
}

/**
 * The checkpoint store of the owner: one JSON file per job in a folder (the CheckpointStore
 * port of src/core/checkpoint). Each job has a single writer: while one write of job X is in
 * flight, later saves of X replace each other and only the newest is written next, so a burst
 * of saves costs at most two writes and writes of one job never reorder (spec §13.2, unlike the
 * reference's fire-and-forget writes). `flush` waits for everything; call it on shutdown.
 */
export class FileCheckpointStore {
  readonly #dir: string;
  readonly #validate: (text: string, source: string) => void;
  readonly #writeFile: (file: string, text: string) => Promise<void>;
  readonly #lanes = new Map<string, Lane>();
  #dirReady: Promise<void> | null = null;
  #writes = 0;

  constructor(options: FileCheckpointStoreOptions) {
    this.#dir = options.dir;
    this.#validate = options.validate ?? requireJsonObject;
    this.#writeFile = options.writeFile ?? writeFileDurable;
  }

  /** Files written so far (diagnostics and benchmarks: a burst of saves coalesces). */
  get writeCount(): number {
    return this.#writes;
  }

  /** The file that holds `jobId`'s checkpoint. */
  fileOf(jobId: string): string {
    return join(this.#dir, jobFileName(jobId));
  }

  /**
   * Saves `text` for `jobId`; resolves once it, or a newer save replacing it, is on disk. A
   * function is called when the write starts, so a burst of saves captures the job once.
   */
  save(jobId: string, text: CheckpointText): Promise<void> {
    if (typeof text !== "string" && typeof text !== "function")
      return Promise.reject(new TypeError("a checkpoint is saved as a string or a producer"));
    return this.#enqueue(jobId, { kind: "write", text });
  }

  /** Removes `jobId`'s checkpoint after its pending saves; no-op when there is none. */
  remove(jobId: string): Promise<void> {
    return this.#enqueue(jobId, { kind: "remove" });
  }

  /**
   * The checkpoint of `jobId` after its pending saves, or null. A file that fails validation is
   * reported by file name (E_CHECKPOINT_INVALID) and left untouched.
   */
  async load(jobId: string): Promise<StoredCheckpointFile | null> {
    const file = this.fileOf(jobId);
    await this.#lanes.get(jobId)?.running;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    try {
      this.#validate(text, file);
    } catch (error) {
      if (isBatonError(error)) throw error;
      throw new BatonError("E_CHECKPOINT_INVALID", `checkpoint ${file}: ${messageOf(error)}`, {
        hint: "the file was left untouched; restore it from a backup, or remove it to start the job afresh",
        location: { file },
        cause: error,
      });
    }
    return { jobId, text, source: file };
  }

  /** Ids of every job with a checkpoint, sorted; temp files and strays are ignored. */
  async list(): Promise<string[]> {
    await this.flush();
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    return names
      .map(jobIdOfFileName)
      .filter((id): id is string => id !== undefined)
      .sort();
  }

  /** Resolves when every save and remove called so far has been applied (or has failed). */
  async flush(): Promise<void> {
    const running = [...this.#lanes.values()].map((lane) => lane.running);
    await Promise.all(running.filter((p): p is Promise<void> => p !== null));
  }

  #enqueue(jobId: string, op: Op): Promise<void> {
    let file: string;
    try {
      file = this.fileOf(jobId);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new TypeError(String(error)));
    }
    let lane = this.#lanes.get(jobId);
    if (lane === undefined) {
      lane = { next: null, running: null };
      this.#lanes.set(jobId, lane);
    }
    if (lane.next !== null) {
      lane.next.op = op; // coalesce: the newest state replaces the one still waiting
      return lane.next.promise;
    }
    const waiting = deferred(op);
    lane.next = waiting;
    lane.running ??= this.#drain(jobId, file, lane);
    return waiting.promise;
  }

  async #drain(jobId: string, file: string, lane: Lane): Promise<void> {
    await Promise.resolve(); // let the rest of a synchronous burst of saves coalesce first
    for (let w = lane.next; w !== null; w = lane.next) {
      lane.next = null;
      try {
        await this.#apply(file, w.op);
        w.resolve();
      } catch (error) {
        w.reject(error);
      }
    }
    lane.running = null;
    this.#lanes.delete(jobId);
  }

  async #apply(file: string, op: Op): Promise<void> {
    if (op.kind === "remove") {
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw writeFailed(file, error);
      });
      return;
    }
    const text = typeof op.text === "function" ? op.text() : op.text;
    if (text === null) return;
    try {
      this.#dirReady ??= mkdir(this.#dir, { recursive: true }).then(() => undefined);
      await this.#dirReady;
      await this.#writeFile(file, text);
      this.#writes++;
    } catch (error) {
      this.#dirReady = null;
      throw isBatonError(error) ? error : writeFailed(file, error);
    }
  }
}

function deferred(op: Op): Waiting {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { op, promise, resolve, reject };
}

function requireJsonObject(text: string, source: string): void {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new BatonError(
      "E_CHECKPOINT_INVALID",
      `checkpoint ${source}: is not valid JSON (${messageOf(error)})`,
      {
        hint: "the file was left untouched; restore it from a backup, or remove it to start the job afresh",
        location: { file: source },
      },
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new BatonError("E_CHECKPOINT_INVALID", `checkpoint ${source}: is not a JSON object`, {
      hint: "the file was left untouched; restore it from a backup, or remove it to start the job afresh",
      location: { file: source },
    });
}

function writeFailed(file: string, error: unknown): BatonError {
  const code = (error as NodeJS.ErrnoException).code ?? "EIO";
  return new BatonError("E_WRITE_FAILED", `cannot write checkpoint ${file}: ${code}`, {
    hint: "check that the folder exists, is writable and has space",
    location: { file },
    cause: error,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
