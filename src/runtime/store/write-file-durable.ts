import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Temp files start with a dot and end with this, so a store's listing never takes one for a checkpoint. */
export const TEMP_SUFFIX = ".tmp";

/**
 * Writes `text` to `file` so readers see the old content or the new, never a mix, and the new
 * content survives a crash once the promise resolves: temp file beside it, write, fsync, rename,
 * fsync the folder. Async, unlike circuit's `writeFileAtomic`, so a large checkpoint never
 * blocks the owner's event loop. A failed write removes its temp file and rethrows.
 */
export async function writeFileDurable(file: string, text: string): Promise<void> {
  const dir = dirname(file);
  const temp = join(
    dir,
    `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`,
  );
  try {
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform lets a directory be fsynced; the rename itself is already atomic.
  }
}
