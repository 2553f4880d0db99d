import { join } from "node:path";
import type { StatusResponse } from "../../api/index.js";
import { writeFileDurable } from "../store/write-file-durable.js";

/** The file the owner keeps the circuit's state in, inside `.baton/`. */
export const STATE_FILE = "state.json";

/** What `.baton/state.json` holds (format version 1). */
export interface CircuitStateFile {
  readonly version: 1;
  readonly circuit: string;
  /** Whether an owner was running it when this was written. */
  readonly running: boolean;
  /** The owner's mark: every service it starts carries it as BATON_OWNER_ID in its environment. */
  readonly ownerId?: string;
  /** Operations that had started and not ended when this was written (run again on restore). */
  readonly pending?: readonly PendingOperation[];
  readonly level: StatusResponse["level"];
  /** Wall-clock ms of the write. */
  readonly updatedAtMs: number;
  /** Per node: what served it (a slotted service's command and folder), where it listened. */
  readonly nodes: Readonly<
    Record<
      string,
      {
        readonly backend: "mock" | "live" | "none";
        readonly port: number;
        readonly live: {
          readonly command: string;
          readonly cwd: string;
          readonly pid: number;
          /** The process's start time (/proc), so a later owner knows it is the same one. */
          readonly startTicks?: string | null;
        } | null;
        /** Where new requests go (`single → live`); null with no backend. */
        readonly routing: string | null;
        /** Why the custodian escalated the node to a person; null when it is not escalated. */
        readonly escalation?: string | null;
      }
    >
  >;
}

/** An operation as state.json records it while it runs: its admin route and request body. */
export interface PendingOperation {
  readonly route: string;
  readonly body: unknown;
}

/** What the owner knows beside its status when it writes the state. */
export interface StateExtras {
  readonly ownerId?: string;
  readonly pending?: readonly PendingOperation[];
  /** Escalated nodes, with the custodian's reason. */
  readonly escalations?: ReadonlyMap<string, string>;
  readonly startTicksOf?: (pid: number) => string | null;
}

/**
 * Writes `.baton/state.json` atomically (temp file, fsync, rename): readers see the old state or
 * the new, never half of one. Only the owner writes it (shared/design.md §1, one writer), and
 * writes are serialised so a later state never lands before an earlier one.
 */
export class CircuitStateWriter {
  #last: Promise<void> = Promise.resolve();

  constructor(readonly stateDir: string) {}

  /** The state file's path. */
  get file(): string {
    return join(this.stateDir, STATE_FILE);
  }

  /** Queues a write of `state`; resolves when it (and every earlier one) is durable. */
  write(state: CircuitStateFile): Promise<void> {
    const text = `${JSON.stringify(state, null, 2)}\n`;
    this.#last = this.#last.then(() => writeFileDurable(this.file, text));
    return this.#last;
  }
}

/** The state of a running (or just stopped) circuit, from what its owner reports. */
export function stateOf(
  status: StatusResponse,
  running: boolean,
  nowMs: number,
  extras: StateExtras = {},
): CircuitStateFile {
  const { startTicksOf = () => null, escalations } = extras;
  return {
    version: 1,
    circuit: status.circuit,
    running,
    ...(extras.ownerId === undefined ? {} : { ownerId: extras.ownerId }),
    ...(extras.pending === undefined || extras.pending.length === 0
      ? {}
      : { pending: extras.pending }),
    level: status.level,
    updatedAtMs: nowMs,
    nodes: Object.fromEntries(
      status.nodes.map((n) => [
        n.name,
        {
          backend: n.backend,
          port: n.port,
          live:
            n.live === null
              ? null
              : {
                  command: n.live.command,
                  cwd: n.live.cwd,
                  pid: n.live.pid,
                  startTicks: startTicksOf(n.live.pid),
                },
          routing: n.routing,
          escalation: escalations?.get(n.name) ?? null,
        },
      ]),
    ),
  };
}
