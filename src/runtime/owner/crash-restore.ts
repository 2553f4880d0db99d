import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CircuitRuntime } from "../circuit/index.js";
import type { LogWriter } from "../logs/index.js";
import { signalGroup } from "../supervisor/index.js";
import {
  APPLY_ROUTE,
  COLLAPSE_ROUTE,
  routeKey,
  SLOT_ROUTE,
  SWAP_ROUTE,
  UNSLOT_ROUTE,
} from "../../api/index.js";
import { STATE_FILE, type CircuitStateFile } from "./circuit-state.js";
import type { ProcessTable } from "./process-identity.js";

/** The variable every service an owner starts carries its mark in. */
export const OWNER_ID_VARIABLE = "BATON_OWNER_ID";

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
 * outlive it): those carrying its mark in their environment — also one it was starting when it
 * died, not yet in state.json — and each recorded pid while it is the same process (its start
 * time), never a stranger that reused the pid. Resolves once they are gone.
 */
export async function reapLeftovers(
  state: CircuitStateFile,
  processes: ProcessTable,
): Promise<number[]> {
  const reaped: number[] = [];
  const pids = new Set(
    state.ownerId === undefined
      ? []
      : (processes.marked?.(`${OWNER_ID_VARIABLE}=${state.ownerId}`) ?? []),
  );
  for (const node of Object.values(state.nodes)) {
    const live = node.live;
    if (live === null) continue;
    const now = processes.lookup(live.pid);
    if (now !== null && live.startTicks != null && now.startTicks === live.startTicks)
      pids.add(live.pid);
  }
  for (const pid of pids) {
    // A service's own children carry the mark too: its group covers them.
    signalGroup(pid, "SIGTERM");
    const until = Date.now() + LEFTOVER_GRACE_MS;
    while (processes.lookup(pid) !== null && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 25));
    if (processes.lookup(pid) !== null) {
      signalGroup(pid, "SIGKILL");
      kill(pid);
    }
    reaped.push(pid);
  }
  return reaped;
}

/** Interrupted operations run again on restore (by route); the others end by not restoring. */
const RERUN = new Set([SLOT_ROUTE, SWAP_ROUTE, APPLY_ROUTE].map(routeKey));
const SWAP = routeKey(SWAP_ROUTE);
const UNSLOT = routeKey(UNSLOT_ROUTE);
const COLLAPSE = routeKey(COLLAPSE_ROUTE);

/**
 * Nodes an interrupted operation was taking off their service: a swap's (restored straight to
 * the new service, not the old one first), an unslot's, and those a collapse did not keep.
 */
function supersededNodes(state: CircuitStateFile): Set<string> {
  const out = new Set<string>();
  for (const { route, body } of state.pending ?? []) {
    const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    if ((route === SWAP || route === UNSLOT) && typeof b["node"] === "string") out.add(b["node"]);
    if (route === COLLAPSE) {
      const keep = Array.isArray(b["keep"]) ? (b["keep"] as unknown[]) : [];
      for (const node of Object.keys(state.nodes)) if (!keep.includes(node)) out.add(node);
    }
  }
  return out;
}

/** SIGKILL to one process (one that leads no group of its own); gone already is fine. */
function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // ESRCH: it is gone.
  }
}

/**
 * What else the crashed owner left: its escalations are raised again (still held for a person)
 * and the operations it had not finished run again, in the order they started, through the
 * same handlers the admin API uses. Says what it did.
 */
export async function resumeCrashed(
  state: CircuitStateFile,
  healer: { restore(node: string, reason: string): void } | null,
  handlers: Readonly<Record<string, (body: unknown, progress: () => void) => unknown>>,
  say: (line: string) => void,
): Promise<void> {
  for (const [node, entry] of Object.entries(state.nodes))
    if (entry.escalation != null && healer !== null) {
      healer.restore(node, entry.escalation);
      say(`${node} is still escalated (${entry.escalation}): see \`baton jobs\``);
    }
  for (const op of state.pending ?? []) {
    const handler = Object.hasOwn(handlers, op.route) ? handlers[op.route] : undefined;
    // An unslot or collapse is complete once its nodes were not restored.
    if (handler === undefined || !RERUN.has(op.route)) continue;
    try {
      await handler(op.body, () => undefined);
      say(`resumed the interrupted ${op.route}`);
    } catch (error) {
      say(
        `could not resume ${op.route}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
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
  const superseded = supersededNodes(state);
  for (const [name, node] of Object.entries(state.nodes)) {
    const live = node.live;
    if (live === null || superseded.has(name)) continue;
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
