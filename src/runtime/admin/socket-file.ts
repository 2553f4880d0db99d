import { chmodSync, statSync, unlinkSync } from "node:fs";
import { connect } from "node:net";
import type { Server } from "node:http";
import { BatonError } from "../../common/index.js";

/** Only the owner's user may connect: the socket has no token, its file mode is the lock. */
const SOCKET_MODE = 0o600;

/**
 * Makes `path` free for a new socket: removes a file nothing answers on (left by an owner that
 * died), and refuses when a live server still answers there.
 */
export async function clearStaleSocket(path: string): Promise<void> {
  const answer = await probe(path);
  if (answer === "none") return;
  if (answer === "stale") {
    tryUnlink(path);
    return;
  }
  const why = answer === "live" ? "an admin API already answers on" : `cannot probe (${answer})`;
  throw new BatonError("E_OWNER_RUNNING", `${why} ${path}`, {
    hint: "an owner already runs for this project; use `baton status`, or stop it with `baton down`",
    location: { file: path },
  });
}

/**
 * Listens on `path` with the socket file created 0600: a restrictive umask covers the bind
 * itself (it happens synchronously inside `listen`), chmod covers platforms where it does not.
 * Resolves to the socket's inode, so `close` removes only its own file.
 */
export async function listenPrivate(server: Server, path: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    const previous = setUmask(0o177);
    try {
      server.listen(path, () => {
        server.off("error", reject);
        resolve();
      });
    } finally {
      if (previous !== null) setUmask(previous);
    }
  }).catch((error: NodeJS.ErrnoException) => {
    throw new BatonError("E_WRITE_FAILED", `cannot listen on ${path}: ${error.message}`, {
      hint: "check that the .baton folder is writable and its path is under 100 characters",
      location: { file: path },
    });
  });
  chmodSync(path, SOCKET_MODE);
  return statSync(path).ino;
}

/** Removes the socket file at `path` if it is still the one with inode `ino`. */
export function removeSocketFile(path: string, ino: number): void {
  try {
    if (statSync(path).ino === ino) tryUnlink(path);
  } catch {
    // already gone (libuv unlinks a pipe it closes)
  }
}

/** What is at `path`: "none", "stale" (nobody answers), "live", or the errno that hid it. */
function probe(path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once("connect", () => {
      socket.destroy();
      resolve("live");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      // ECONNREFUSED: a socket file nobody listens on, or a regular file. Anything else
      // (EACCES: another user's socket) is not ours to remove.
      if (error.code === "ENOENT") resolve("none");
      else resolve(error.code === "ECONNREFUSED" ? "stale" : (error.code ?? error.message));
    });
  });
}

/** process.umask(mask), or null where it cannot be set (worker threads). */
function setUmask(mask: number): number | null {
  try {
    return process.umask(mask);
  } catch {
    return null;
  }
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone meanwhile
  }
}
