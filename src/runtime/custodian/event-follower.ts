import { open, stat } from "node:fs/promises";
import type { CustodianEvent } from "./custodian.js";

/** How often the event log is looked at for new lines, ms. */
const POLL_MS = 200;

/**
 * Calls `onEvent` for every event appended to the log `file` from now on (and, with `last`, the
 * last few already there first), until `signal` aborts. Polls the file; after a rotation (a new
 * file under the name) the rest of the rotated one (`events.1.jsonl`) is read first, then the
 * new one from its start. Unreadable lines are skipped.
 */
export async function followEvents(
  file: string,
  onEvent: (event: CustodianEvent) => void,
  signal: AbortSignal,
  last = 0,
): Promise<void> {
  const rotated = file.replace(/\.jsonl$/, ".1.jsonl");
  let at = await where(file);
  if (last > 0) for (const event of (await readFrom(file, 0)).events.slice(-last)) onEvent(event);
  let rest = "";
  const take = (read: Awaited<ReturnType<typeof readFrom>>): void => {
    at = { ino: at.ino, size: at.size + read.bytes };
    rest = read.rest;
    for (const event of read.events) onEvent(event);
  };
  while (!signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = await where(file);
    if (now.ino !== at.ino) {
      const old = await where(rotated);
      if (old.ino === at.ino && at.ino !== 0) take(await readFrom(rotated, at.size, rest));
      at = { ino: now.ino, size: 0 };
      rest = "";
    }
    if (now.size > at.size) take(await readFrom(file, at.size, rest));
  }
}

/** The file's inode and size (0 and 0 when it does not exist). */
async function where(file: string): Promise<{ ino: number; size: number }> {
  try {
    const s = await stat(file);
    return { ino: s.ino, size: s.size };
  } catch {
    return { ino: 0, size: 0 };
  }
}

/** The whole lines of `file` from `offset` (after `carry`, a line begun earlier), parsed. */
async function readFrom(
  file: string,
  offset: number,
  carry = "",
): Promise<{ events: CustodianEvent[]; bytes: number; rest: string }> {
  let text: string;
  let bytes: number;
  try {
    const handle = await open(file, "r");
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.max(0, size - offset));
      ({ bytesRead: bytes } = await handle.read(buffer, 0, buffer.length, offset));
      text = carry + buffer.toString("utf8", 0, bytes);
    } finally {
      await handle.close();
    }
  } catch {
    return { events: [], bytes: 0, rest: carry };
  }
  const lines = text.split("\n");
  const rest = lines.pop() ?? "";
  const events: CustodianEvent[] = [];
  for (const line of lines) {
    try {
      const value = JSON.parse(line) as CustodianEvent;
      if (typeof value.node === "string" && typeof value.action === "string") events.push(value);
    } catch {
      // a damaged line: skipped, the rest still reads
    }
  }
  return { events, bytes, rest };
}
