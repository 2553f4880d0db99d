import type { EventBase, EventInit } from "./event-base.js";
import {
  checkName,
  checkPositiveInteger,
  checkText,
  checkTimestamp,
  orDefault,
} from "./event-fields.js";
import { frozenJsonObject, type JsonObject } from "./json-value.js";

// Agent-to-agent tasks (spec §10): a sheet delegates work to another agent's job; the core
// stores the task in the target job's inbox and routes the result back to the requester.

/** A sheet's output delegated a task to `targetAgent`. */
export interface A2ATaskSubmitted extends EventBase<"A2ATaskSubmitted"> {
  readonly jobId: string;
  readonly sheetNum: number;
  readonly targetAgent: string;
  readonly taskDescription: string;
  readonly context: JsonObject;
}

/** The task `taskId` is stored in the target's inbox (confirmation for observers). */
export interface A2ATaskRouted extends EventBase<"A2ATaskRouted"> {
  readonly jobId: string;
  readonly sheetNum: number;
  readonly sourceAgent: string;
  readonly targetAgent: string;
  readonly taskId: string;
}

/** The target finished task `taskId`; `artifacts` go back to the requester. */
export interface A2ATaskCompleted extends EventBase<"A2ATaskCompleted"> {
  readonly jobId: string;
  readonly sheetNum: number;
  readonly taskId: string;
  readonly artifacts: JsonObject;
}

/** The target gave up on task `taskId`; `reason` goes back to the requester. */
export interface A2ATaskFailed extends EventBase<"A2ATaskFailed"> {
  readonly jobId: string;
  readonly sheetNum: number;
  readonly taskId: string;
  readonly reason: string;
}

/** Builds a frozen `A2ATaskSubmitted` (empty context by default); `now` is wall-clock ms. */
export function a2aTaskSubmitted(
  init: EventInit<A2ATaskSubmitted, "jobId" | "sheetNum" | "targetAgent" | "taskDescription">,
  now: number,
): A2ATaskSubmitted {
  return Object.freeze({
    type: "A2ATaskSubmitted",
    jobId: checkName(init.jobId, "A2ATaskSubmitted.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "A2ATaskSubmitted.sheetNum"),
    targetAgent: checkName(init.targetAgent, "A2ATaskSubmitted.targetAgent"),
    taskDescription: checkText(init.taskDescription, "A2ATaskSubmitted.taskDescription"),
    context: frozenJsonObject(orDefault<unknown>(init.context, {}), "A2ATaskSubmitted.context"),
    timestamp: checkTimestamp(now, "A2ATaskSubmitted.timestamp"),
  });
}

/** Builds a frozen `A2ATaskRouted`; `now` is wall-clock ms. */
export function a2aTaskRouted(
  init: EventInit<A2ATaskRouted, "jobId" | "sheetNum" | "sourceAgent" | "targetAgent" | "taskId">,
  now: number,
): A2ATaskRouted {
  return Object.freeze({
    type: "A2ATaskRouted",
    jobId: checkName(init.jobId, "A2ATaskRouted.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "A2ATaskRouted.sheetNum"),
    sourceAgent: checkName(init.sourceAgent, "A2ATaskRouted.sourceAgent"),
    targetAgent: checkName(init.targetAgent, "A2ATaskRouted.targetAgent"),
    taskId: checkName(init.taskId, "A2ATaskRouted.taskId"),
    timestamp: checkTimestamp(now, "A2ATaskRouted.timestamp"),
  });
}

/** Builds a frozen `A2ATaskCompleted` (no artifacts by default); `now` is wall-clock ms. */
export function a2aTaskCompleted(
  init: EventInit<A2ATaskCompleted, "jobId" | "sheetNum" | "taskId">,
  now: number,
): A2ATaskCompleted {
  return Object.freeze({
    type: "A2ATaskCompleted",
    jobId: checkName(init.jobId, "A2ATaskCompleted.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "A2ATaskCompleted.sheetNum"),
    taskId: checkName(init.taskId, "A2ATaskCompleted.taskId"),
    artifacts: frozenJsonObject(
      orDefault<unknown>(init.artifacts, {}),
      "A2ATaskCompleted.artifacts",
    ),
    timestamp: checkTimestamp(now, "A2ATaskCompleted.timestamp"),
  });
}

/** Builds a frozen `A2ATaskFailed`; `now` is wall-clock ms. */
export function a2aTaskFailed(
  init: EventInit<A2ATaskFailed, "jobId" | "sheetNum" | "taskId" | "reason">,
  now: number,
): A2ATaskFailed {
  return Object.freeze({
    type: "A2ATaskFailed",
    jobId: checkName(init.jobId, "A2ATaskFailed.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "A2ATaskFailed.sheetNum"),
    taskId: checkName(init.taskId, "A2ATaskFailed.taskId"),
    reason: checkText(init.reason, "A2ATaskFailed.reason"),
    timestamp: checkTimestamp(now, "A2ATaskFailed.timestamp"),
  });
}
