import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  chmodSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { BatonError, isBatonError } from "../common/index.js";

/**
 * Writes `text` to `file` so that readers see the old content or the new, never a mix: a temp
 * file beside it, fsync, then rename (or, with `exclusive`, a hard link that fails if `file`
 * exists — so two `init`s cannot both win). The file's mode is kept.
 */
export function writeFileAtomic(
  file: string,
  text: string,
  options: { exclusive?: boolean } = {},
): void {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    mode = undefined;
  }
  try {
    const fd = openSync(temp, "wx", mode ?? 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (mode !== undefined) chmodSync(temp, mode);
    if (options.exclusive === true) {
      try {
        linkSync(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        throw alreadyExistsError(file);
      }
      unlinkSync(temp);
    } else {
      renameSync(temp, file);
    }
    syncDir(dir);
  } catch (error) {
    removeQuietly(temp);
    throw isBatonError(error) ? error : writeError(file, error);
  }
}

/** The error for a file Baton refuses to overwrite. */
export function alreadyExistsError(file: string): BatonError {
  return new BatonError("E_CONFIG_EXISTS", "already exists", {
    hint: "Baton never overwrites it; edit it, or remove it to start over",
    location: { file },
  });
}

/** A BatonError for a failed write, saying why in words. */
export function writeError(path: string, error: unknown): BatonError {
  const code = (error as NodeJS.ErrnoException).code ?? "EIO";
  const why: Record<string, string> = {
    EEXIST: "a file is in the way",
    ENOENT: "its directory does not exist",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOTDIR: "a parent is not a directory",
    ENOSPC: "no space left on device",
    EISDIR: "it is a directory",
  };
  return new BatonError("E_WRITE_FAILED", `cannot write ${path}: ${why[code] ?? code}`, {
    hint: "check that the directory exists and is writable, or choose another",
    cause: error,
  });
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform lets a directory be fsynced; the rename itself is already atomic.
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Nothing to clean up.
  }
}
