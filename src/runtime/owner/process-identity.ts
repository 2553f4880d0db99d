import { readdirSync, readFileSync } from "node:fs";

/**
 * Who a process is, beyond its pid: pids are reused, so a lock also records when the process
 * started (clock ticks since boot, /proc/PID/stat field 22) and which boot it belongs to. On
 * systems without /proc those are null and only the pid's liveness is checked.
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTicks: string | null;
  readonly bootId: string | null;
}

/** Looks processes up; tests inject their own. */
export interface ProcessTable {
  /** The identity of `pid` if it runs now, else null. */
  lookup(pid: number): ProcessIdentity | null;
  /** The running processes whose environment holds `entry` (`NAME=value`); [] without /proc. */
  marked?(entry: string): number[];
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** Fields 3… of /proc/PID/stat (state first), or null when /proc does not say. */
function statFields(pid: number): string[] | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may hold spaces: count after its end.
  return stat === null ? null : stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** This machine's processes, through /proc where it exists and signal 0 everywhere. */
export const systemProcesses: ProcessTable = {
  lookup(pid: number): ProcessIdentity | null {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EPERM") return null; // EPERM: it runs
    }
    const fields = statFields(pid);
    // A zombie has died; it only waits for a parent (or an init) that may never reap it.
    if (fields?.[0] === "Z") return null;
    const boot = readOrNull("/proc/sys/kernel/random/boot_id");
    return {
      pid,
      startTicks: fields?.[19] ?? null, // field 22 overall = index 19 after pid and comm
      bootId: boot === null ? null : boot.trim(),
    };
  },
  marked(entry: string): number[] {
    let pids: number[];
    try {
      pids = readdirSync("/proc")
        .filter((d) => /^\d+$/.test(d))
        .map(Number);
    } catch {
      return [];
    }
    // Environments are NUL-separated; another user's (unreadable) cannot be ours.
    return pids.filter(
      (pid) =>
        pid !== process.pid &&
        (readOrNull(`/proc/${pid}/environ`) ?? "").split("\0").includes(entry) &&
        this.lookup(pid) !== null,
    );
  },
};
