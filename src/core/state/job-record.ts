import type { JsonObject } from "../events/json-value.js";
import type { PauseReason } from "../events/pause-reason.js";
import type { JobGraph } from "./job-graph.js";
import { LinkedQueue, type QueueLinks } from "../../common/index.js";
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
export class JobRecord implements QueueLinks<JobRecord> {
  readonly sheets = new Map<number, SheetState>();
  readonly pauseReasons = new Set<PauseReason>();
  pacingActive = false;
  /** Ready sheets (PENDING/READY, dependencies satisfied) per current instrument, insertion order. */
  readonly readyByInstrument = new Map<string, LinkedQueue<SheetState>>();
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
  // Links of the core's round-robin queue of jobs with ready sheets.
  queuePrev: JobRecord | null = null;
  queueNext: JobRecord | null = null;
  queue: LinkedQueue<JobRecord> | null = null;
  /** Queued for a persist at the end of this batch (see `CoreContext.markDirty`). */
  dirty = false;
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

  /** Adds `sheet` to the ready group of its current instrument; false when already there. */
  addReady(sheet: SheetState): boolean {
    let group = this.readyByInstrument.get(sheet.instrumentName);
    if (group === undefined) {
      group = new LinkedQueue(this);
      this.readyByInstrument.set(sheet.instrumentName, group);
    }
    if (group.has(sheet)) return false;
    if (sheet.queue !== null) this.removeReady(sheet);
    group.push(sheet);
    this.readyCount += 1;
    return true;
  }

  /** Takes `sheet` out of its ready group; false when it was in none of this job's. */
  removeReady(sheet: SheetState): boolean {
    const group = sheet.queue;
    if (group === null || group.owner !== this) return false;
    group.delete(sheet);
    this.readyCount -= 1;
    return true;
  }

  /** The ready sheets in ascending order (queries only; dispatch walks the groups). */
  readySheets(): number[] {
    const all: number[] = [];
    for (const group of this.readyByInstrument.values())
      for (let s = group.head; s !== null; s = s.queueNext) all.push(s.sheetNum);
    return all.sort((a, b) => a - b);
  }
}
