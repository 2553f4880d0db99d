import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { BatonError, type Clock } from "../../common/index.js";
import { systemProcesses, type ProcessIdentity, type ProcessTable } from "./process-identity.js";

/** The file that says which process owns a project's circuit. */
export const LOCK_FILE = "owner.lock";

/** What the lock file holds. */
export interface LockRecord extends ProcessIdentity {
  /** Wall-clock ms when the owner took the lock. */
  readonly sinceMs: number;
}

/** Why a lock found on disk was taken over. */
export type StaleReason = "dead" | "pid-reused" | "rebooted" | "unreadable";

/**
 * `.baton/owner.lock`: at most one owner process per project. Taking it is atomic — the
 * record is written whole to a private file, then hard-linked to the lock's name, which fails
 * if the lock exists — so no reader ever sees half a lock. A lock whose process is gone (dead,
 * pid reused by another program, or from before a reboot) is stale and taken over.
 */
export class OwnerLock {
  #held = true;

  private constructor(
    readonly file: string,
    readonly record: LockRecord,
    /** The stale lock this one replaced, and why; null when there was none. */
    readonly replaced: { readonly record: LockRecord | null; readonly reason: StaleReason } | null,
    readonly processes: ProcessTable,
  ) {}

  /** Takes the lock of the project whose state folder is `stateDir` (created if missing). */
  static acquire(
    stateDir: string,
    options: { clock: Clock; pid?: number; processes?: ProcessTable },
  ): OwnerLock {
    const processes = options.processes ?? systemProcesses;
    const pid = options.pid ?? process.pid;
    const me = processes.lookup(pid) ?? { pid, startTicks: null, bootId: null };
    const record: LockRecord = { ...me, sinceMs: options.clock.nowMs() };
    const file = join(stateDir, LOCK_FILE);
    mkdirSync(stateDir, { recursive: true });
    const draft = join(stateDir, `${LOCK_FILE}.${pid}.tmp`);
    writeDraft(draft, `${JSON.stringify(record)}\n`);
    try {
      let replaced: OwnerLock["replaced"] = null;
      for (let attempt = 0; attempt < 3; attempt++) {
        if (tryLink(draft, file)) return new OwnerLock(file, record, replaced, processes);
        const held = readLock(file);
        const reason = held.record === null ? "unreadable" : staleReason(held.record, processes);
        if (reason === null) throw running(file, held.record as LockRecord, options.clock);
        // Move the stale lock aside only if it is still the one judged (same inode).
        if (!sameFile(file, held.ino)) continue;
        try {
          renameSync(file, `${file}.stale`);
        } catch {
          continue; // another process got there first; look again
        }
        replaced = { record: held.record, reason };
      }
      throw new BatonError("E_OWNER_RUNNING", `could not take ${file}: it keeps changing`, {
        hint: "another `baton up` is starting for this project; wait for it, then use `baton status`",
        location: { file },
      });
    } finally {
      tryUnlink(draft);
    }
  }

  /** Whether this process still holds the lock. */
  get held(): boolean {
    return this.#held;
  }

  /** Gives the lock up, if the file is still ours (never removes another owner's lock). */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    const held = readLock(this.file).record;
    if (held !== null && held.pid === this.record.pid && held.sinceMs === this.record.sinceMs)
      tryUnlink(this.file);
  }
}

/** Why `record`'s owner no longer owns anything, or null when it still runs. */
export function staleReason(record: LockRecord, processes: ProcessTable): StaleReason | null {
  const now = processes.lookup(record.pid);
  if (now === null) return "dead";
  if (record.bootId !== null && now.bootId !== null && record.bootId !== now.bootId)
    return "rebooted";
  if (record.startTicks !== null && now.startTicks !== null && record.startTicks !== now.startTicks)
    return "pid-reused";
  return null;
}

function running(file: string, record: LockRecord, clock: Clock): BatonError {
  const minutes = Math.max(0, Math.round((clock.nowMs() - record.sinceMs) / 60_000));
  return new BatonError(
    "E_OWNER_RUNNING",
    `an owner already runs for this project (pid ${record.pid}, for ${minutes} min)`,
    {
      hint: "use it (`baton status`), or stop it with `baton down` before starting another",
      location: { file },
    },
  );
}

function readLock(file: string): { record: LockRecord | null; ino: number } {
  let ino: number;
  try {
    ino = statSync(file).ino;
  } catch {
    return { record: null, ino: -1 }; // gone meanwhile
  }
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<LockRecord>;
    const valid =
      Number.isSafeInteger(parsed.pid) &&
      typeof parsed.sinceMs === "number" &&
      (parsed.startTicks === null || typeof parsed.startTicks === "string") &&
      (parsed.bootId === null || typeof parsed.bootId === "string");
    return { record: valid ? (parsed as LockRecord) : null, ino };
  } catch {
    return { record: null, ino }; // there, but not a lock record
  }
}

/** Writes and syncs the lock record to its private draft file (before it is linked). */
function writeDraft(file: string, text: string): void {
  let fd: number;
  try {
    fd = openSync(file, "w", 0o644);
  } catch (error) {
    throw new BatonError("E_WRITE_FAILED", `cannot write ${file}: ${(error as Error).message}`, {
      hint: "check that the project's .baton folder is writable",
      location: { file },
    });
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function sameFile(file: string, ino: number): boolean {
  try {
    return statSync(file).ino === ino;
  } catch {
    return false;
  }
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new BatonError("E_WRITE_FAILED", `cannot create ${to}: ${(error as Error).message}`, {
      hint: "check that the project's .baton folder is writable",
      location: { file: to },
    });
  }
}

function tryUnlink(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
