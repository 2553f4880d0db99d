import { frozenJson } from "../events/json-value.js";
import type { JsonObject } from "../events/json-value.js";
import type { CoreContext } from "../state/core-context.js";
import type { A2AResult, A2ATask, JobRecord } from "../state/job-record.js";
import type { CheckpointReader, Fields } from "./checkpoint-reader.js";

// A job's agent-to-agent state (spec §10) in its checkpoint: the open tasks in its inbox (sent
// to it by other jobs) and the outcomes of tasks it delegated. Without them a restart would
// lose delegated work silently.

/** An open task in the job's inbox; the job is its target. */
export interface A2ATaskCheckpoint {
  readonly taskId: string;
  readonly sourceJobId: string;
  readonly sourceSheetNum: number;
  readonly description: string;
  readonly context: JsonObject;
  readonly status: "pending" | "accepted";
}

/** The outcome of a task the job delegated. */
export interface A2AResultCheckpoint {
  readonly taskId: string;
  readonly sheetNum: number;
  readonly status: "completed" | "failed";
  readonly artifacts: JsonObject;
  readonly reason: string | null;
}

/** The `a2a` section of a checkpoint. */
export interface A2ACheckpoint {
  readonly inbox: readonly A2ATaskCheckpoint[];
  readonly results: readonly A2AResultCheckpoint[];
}

const OPEN = ["pending", "accepted"] as const;
const DONE = ["completed", "failed"] as const;

/** The job's A2A state, or undefined when it has none (the section is then left out). */
export function captureA2A(job: JobRecord): A2ACheckpoint | undefined {
  const inbox = job.a2aInbox
    .filter(
      (t): t is A2ATask & { status: "pending" | "accepted" } =>
        t.status !== "completed" && t.status !== "failed",
    )
    .map((t) => ({
      taskId: t.taskId,
      sourceJobId: t.sourceJobId,
      sourceSheetNum: t.sourceSheetNum,
      description: t.description,
      context: t.context,
      status: t.status,
    }));
  if (inbox.length === 0 && job.a2aResults.length === 0) return undefined;
  return { inbox, results: job.a2aResults.map((r) => ({ ...r })) };
}

/**
 * Puts saved A2A state back into a restored job: open tasks into its inbox and the core's task
 * index, outcomes into its results; task numbering continues above every saved id.
 */
export function restoreA2A(ctx: CoreContext, job: JobRecord, saved: A2ACheckpoint): void {
  for (const t of saved.inbox) {
    const task: A2ATask = { ...t, targetJobId: job.jobId };
    job.a2aInbox.push(task);
    ctx.a2aTasks.set(task.taskId, task);
  }
  job.a2aResults.push(...saved.results.map((r): A2AResult => ({ ...r })));
  for (const id of [...saved.inbox, ...saved.results].map((x) => x.taskId))
    ctx.a2aSeq = Math.max(ctx.a2aSeq, taskSeq(id));
}

/** The sequence number in a task id (`job/sheet/a2a-N`), or 0. */
function taskSeq(taskId: string): number {
  const at = taskId.lastIndexOf("/a2a-");
  const n = at < 0 ? NaN : Number(taskId.slice(at + 5));
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** Reads the `a2a` section; every failure names the field. */
export function decodeA2A(r: CheckpointReader, value: unknown, path: string): A2ACheckpoint {
  const o = r.object(value, path);
  const json = (v: unknown, f: string): JsonObject => {
    r.object(v, f);
    try {
      return frozenJson(v, f) as JsonObject;
    } catch (error) {
      return r.fail(f, error instanceof Error ? error.message : String(error));
    }
  };
  // A list of objects under `key`; each item is read by `item` with its own path.
  const list = <T>(key: string, item: (x: Fields, at: string) => T): T[] =>
    r.optional(
      o,
      key,
      path,
      (v, f) => r.array(v, f).map((t, i) => item(r.object(t, `${f}[${i}]`), `${f}[${i}]`)),
      [],
    );
  const name = (v: unknown, f: string) => r.name(v, f);
  const positive = (v: unknown, f: string) => r.positive(v, f);
  return {
    inbox: list("inbox", (x, at) => ({
      taskId: r.required(x, "taskId", at, name),
      sourceJobId: r.required(x, "sourceJobId", at, name),
      sourceSheetNum: r.required(x, "sourceSheetNum", at, positive),
      description: r.required(x, "description", at, (v, f) => r.string(v, f)),
      context: r.optional(x, "context", at, json, {}),
      status: r.required(x, "status", at, (v, f) => r.oneOf(v, OPEN, f)),
    })),
    results: list("results", (x, at) => ({
      taskId: r.required(x, "taskId", at, name),
      sheetNum: r.required(x, "sheetNum", at, positive),
      status: r.required(x, "status", at, (v, f) => r.oneOf(v, DONE, f)),
      artifacts: r.optional(x, "artifacts", at, json, {}),
      reason: r.optional(x, "reason", at, (v, f) => r.nullableString(v, f), null),
    })),
  };
}
