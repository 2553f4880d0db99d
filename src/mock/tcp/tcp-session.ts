import type { Socket } from "node:net";
import { MAX_LINE_BYTES, type CompiledScript } from "./tcp-script.js";

/** Byte counters a session adds to (the mock's stats). */
export interface ByteCounts {
  bytesIn: number;
  bytesOut: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * One client connection of a TCP mock. Without a script every byte is echoed; with one the
 * banner is sent, then each LF-terminated line gets its reply or the fallback. Writes honour
 * backpressure (reading pauses until the socket drains). When the client half-closes, what is
 * queued is written and the mock ends its side too.
 */
export function serveSession(
  socket: Socket,
  script: CompiledScript | null,
  counts: ByteCounts,
): void {
  const write = (data: Buffer): void => {
    counts.bytesOut += data.length;
    if (!socket.write(data)) {
      socket.pause();
      socket.once("drain", () => socket.resume());
    }
  };
  socket.on("error", () => undefined); // `close` follows; the mock has nobody to tell
  if (script === null) {
    socket.on("data", (chunk: Buffer) => {
      counts.bytesIn += chunk.length;
      write(chunk);
    });
    socket.once("end", () => socket.end());
    return;
  }
  if (script.banner !== null) write(script.banner);
  // Bytes of a line not yet ended by LF (a copy, at most MAX_LINE_BYTES).
  let pending: Buffer | null = null;
  let refused = false;
  const answer = (raw: Buffer): boolean => {
    let end = raw.length;
    if (end > 0 && raw[end - 1] === LF) end -= 1;
    if (end > 0 && raw[end - 1] === CR) end -= 1;
    if (end > MAX_LINE_BYTES) return false;
    const line = raw.toString("utf8", 0, end);
    const hit = script.replies.find((r) => r.test(line));
    if (hit !== undefined) write(hit.reply);
    else if (script.echo) write(raw);
    return true;
  };
  const refuse = (): void => {
    // A line past the limit: stop reading, flush what was queued, then close both ways.
    refused = true;
    pending = null;
    socket.destroySoon();
  };
  socket.on("data", (chunk: Buffer) => {
    counts.bytesIn += chunk.length;
    if (refused) return;
    const data = pending === null ? chunk : Buffer.concat([pending, chunk]);
    pending = null;
    let start = 0;
    for (let lf = data.indexOf(LF); lf >= 0; lf = data.indexOf(LF, start)) {
      if (!answer(data.subarray(start, lf + 1))) return refuse();
      start = lf + 1;
    }
    if (data.length - start > MAX_LINE_BYTES) return refuse();
    if (start < data.length) pending = Buffer.from(data.subarray(start));
  });
  socket.once("end", () => {
    if (refused) return;
    // The client is done sending: a last line without LF is still a line.
    if (pending !== null) answer(pending);
    pending = null;
    socket.end();
  });
}
