import { readFileSync } from "node:fs";

/**
 * Whether a process with `pid` runs now (signal 0 checks without sending anything). A zombie —
 * dead, waiting for a parent that may never reap it (an orphan on a machine whose init does
 * not) — does not count.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false; // gone between the two looks
  }
}
