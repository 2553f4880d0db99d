/** Signals every process of the group `pid` leads; an empty group (all gone) is not an error. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already empty. Nothing else can fail for a group we started.
  }
}
