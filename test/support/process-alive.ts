import { systemProcesses } from "../../src/runtime/owner/index.js";

/** Whether a process with `pid` runs now (a zombie, dead but unreaped, does not). */
export function alive(pid: number): boolean {
  return systemProcesses.lookup(pid) !== null;
}
