import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CircuitRuntime } from "../circuit/index.js";
import type { LogWriter } from "../logs/index.js";
import { signalGroup } from "../supervisor/index.js";
import { STATE_FILE, type CircuitStateFile } from "./circuit-state.js";
import type { ProcessTable } from "./process-identity.js";

/** How long a leftover service gets to end on SIGTERM before SIGKILL, ms. */
const LEFTOVER_GRACE_MS = 3_000;

/**
 * The state the last owner left, when it did not stop cleanly (`running` still true: it was
 * killed or crashed); null after a clean `down`, or with no readable state file.
 */
export function crashedState(stateDir: string): CircuitStateFile | null {
  try {
    const state = JSON.parse(readFileSync(join(stateDir, STATE_FILE), "utf8")) as CircuitStateFile;
    return state.version === 1 && state.running === true ? state : null;
  } catch {
    return null;
  }
}

/**
 * Ends the services a killed owner left running (they run in their own process groups, so they
 * outlive it): a recorded pid is signalled only while it is the same process (its start time),
 * never a stranger that reused the pid. Resolves once they are gone.
 */
export async function reapLeftovers(
  state: CircuitStateFile,
  processes: ProcessTable,
): Promise<number[]> {
  const reaped: number[] = [];
  for (const node of Object.values(state.nodes)) {
    const live = node.live;
    if (live === null) continue;
    const now = processes.lookup(live.pid);
    if (now === null || live.startTicks == null || now.startTicks !== live.startTicks) continue;
    signalGroup(live.pid, "SIGTERM");
    const until = Date.now() + LEFTOVER_GRACE_MS;
    while (processes.lookup(live.pid) !== null && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 25));
    if (processes.lookup(live.pid) !== null) signalGroup(live.pid, "SIGKILL");
    reaped.push(live.pid);
  }
  return reaped;
}

/**
 * Slots again every service the crashed owner had slotted (same command, same folder; the
 * contract check already passed once), each node in turn. Says what it did, node by node.
 */
export async function restoreServices(
  state: CircuitStateFile,
  runtime: CircuitRuntime,
  logs: LogWriter,
  say: (line: string) => void,
): Promise<void> {
  for (const [name, node] of Object.entries(state.nodes)) {
    const live = node.live;
    if (live === null) continue;
    try {
      const result = await runtime.slot(name, {
        command: live.command,
        cwd: live.cwd,
        onLine: (line) => logs.appendLine(line),
      });
      say(
        result.ok
          ? `restored ${name}: ${live.command}`
          : `could not restore ${name} (${result.failed?.name ?? "?"}: ${result.failed?.error ?? ""}); it stays on its mock`,
      );
    } catch (error) {
      say(`could not restore ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
