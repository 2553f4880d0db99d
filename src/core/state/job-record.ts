import type { JsonObject } from "../events/json-value.js";
import type { PauseReason } from "../events/pause-reason.js";
import type { JobGraph } from "./job-graph.js";
import type { SheetState } from "./sheet-state.js";

/** Options of `registerJob` (spec §7.7) plus the [RECOMMEND] extras. */
export interface JobOptions {
  readonly escalationEnabled?: boolean;
  readonly selfHealingEnabled?: boolean;
  /** Pause after each completed sheet, seconds (default 0). */
  readonly pacingSeconds?: number;
  /** Wall-clock limit of the job, seconds; default the core's `jobTimeoutMs`; 0 = none. */
  readonly jobTimeoutSeconds?: number;
  /** Job cost limit in USD (strictly above pauses the job). */
  readonly costLimitUsd?: number;
  /** The cron entry this run belongs to (no overlapping runs of one entry). */
  readonly cronEntry?: string;
}

/** An agent-to-agent task held in a job's inbox (spec §10). */
export interface A2ATask {
  readonly taskId: string;
  readonly sourceJobId: string;
  readonly sourceSheetNum: number;
  readonly targetJobId: string;
  readonly description: string;
  readonly context: JsonObject;
  status: "pending" | "accepted" | "completed" | "failed";
}

/** A task's outcome, routed back into the requesting job's inbox. */
export interface A2AResult {
  readonly taskId: string;
  readonly sheetNum: number;
  readonly status: "completed" | "failed";
  readonly artifacts: JsonObject;
  readonly reason: string | null;
}

/**
 * A registered job (spec §1.4) with the indexes that keep every event O(affected sheets):
 * pause as a set of reasons, ready sheets grouped by instrument, and counters of unfinished,
 * dispatched, FERMATA and succeeded sheets. Only the transition funnel updates the indexes.
 */
export class JobRecord {
  readonly sheets = new Map<number, SheetState>();
  readonly pauseReasons = new Set<PauseReason>();
  pacingActive = false;
  /** Ready sheets (PENDING/READY, dependencies satisfied) per current instrument, insertion order. */
  readonly readyByInstrument = new Map<string, Set<number>>();
  readyCount = 0;
  nonTerminal = 0;
  dispatched = 0;
  fermata = 0;
  /** COMPLETED or intentionally SKIPPED sheets. */
  succeeded = 0;
  costUsd = 0;
  costLimitUsd: number | null = null;
  readonly sheetCostLimits = new Map<number, number>();
  readonly a2aInbox: A2ATask[] = [];
  readonly a2aResults: A2AResult[] = [];
  completionSignalled = false;
  /** Restores from a checkpoint so far (persisted; part of attempt ids after a restore). */
  incarnation = 0;

  constructor(
    readonly jobId: string,
    readonly graph: JobGraph,
    readonly escalationEnabled: boolean,
    readonly selfHealingEnabled: boolean,
    readonly pacingSeconds: number,
    readonly cronEntry: string | null,
    readonly createdAtMs: number,
  ) {}

  /** True when every sheet is terminal (vacuously for an empty job). */
  get isComplete(): boolean {
    return this.nonTerminal === 0;
  }

  /** Adds `sheetNum` to the ready group of `instrument`; false when already there. */
  addReady(instrument: string, sheetNum: number): boolean {
    let group = this.readyByInstrument.get(instrument);
    if (group === undefined) {
      group = new Set();
      this.readyByInstrument.set(instrument, group);
    }
    if (group.has(sheetNum)) return false;
    group.add(sheetNum);
    this.readyCount += 1;
    return true;
  }

  /** Removes `sheetNum` from the ready group of `instrument`; false when it was not there. */
  removeReady(instrument: string, sheetNum: number): boolean {
    const group = this.readyByInstrument.get(instrument);
    if (group === undefined || !group.delete(sheetNum)) return false;
    if (group.size === 0) this.readyByInstrument.delete(instrument);
    this.readyCount -= 1;
    return true;
  }

  /** The ready sheets in ascending order (queries only; dispatch walks the groups). */
  readySheets(): number[] {
    const all: number[] = [];
    for (const group of this.readyByInstrument.values()) all.push(...group);
    return all.sort((a, b) => a - b);
  }
}
