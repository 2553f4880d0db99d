import type { EventBase, EventInit } from "./event-base.js";
import { checkName, checkOneOf, checkTimestamp, orDefault } from "./event-fields.js";
import { frozenJsonObject, type JsonObject } from "./json-value.js";
import { DEFAULT_PAUSE_REASON, PAUSE_REASONS, type PauseReason } from "./pause-reason.js";

// Events about a whole job: timers and commands (spec §2.2).

/** The job's wall-clock limit has elapsed (timer): its unfinished sheets are cancelled. */
export interface JobTimeout extends EventBase<"JobTimeout"> {
  readonly jobId: string;
}

/** The pause between two sheets of the job has elapsed (timer). */
export interface PacingComplete extends EventBase<"PacingComplete"> {
  readonly jobId: string;
}

/** Adds `reason` to the job's pause reasons (command, or the monitor with `resource`). */
export interface PauseJob extends EventBase<"PauseJob"> {
  readonly jobId: string;
  readonly reason: PauseReason;
}

/** Lifts `reason` from the job's pause reasons, optionally with a new job config (command). */
export interface ResumeJob extends EventBase<"ResumeJob"> {
  readonly jobId: string;
  readonly newConfig: JsonObject | null;
  readonly reason: PauseReason;
}

/** Cancels every unfinished sheet of the job, then deregisters it (command). */
export interface CancelJob extends EventBase<"CancelJob"> {
  readonly jobId: string;
}

/** The job's config changed (reload or modify): rebuild its unfinished sheets from `newConfig`. */
export interface ConfigReloaded extends EventBase<"ConfigReloaded"> {
  readonly jobId: string;
  readonly newConfig: JsonObject;
}

/** Builds a frozen `JobTimeout`; `now` is wall-clock ms. */
export function jobTimeout(init: EventInit<JobTimeout, "jobId">, now: number): JobTimeout {
  return Object.freeze({
    type: "JobTimeout",
    jobId: checkName(init.jobId, "JobTimeout.jobId"),
    timestamp: checkTimestamp(now, "JobTimeout.timestamp"),
  });
}

/** Builds a frozen `PacingComplete`; `now` is wall-clock ms. */
export function pacingComplete(
  init: EventInit<PacingComplete, "jobId">,
  now: number,
): PacingComplete {
  return Object.freeze({
    type: "PacingComplete",
    jobId: checkName(init.jobId, "PacingComplete.jobId"),
    timestamp: checkTimestamp(now, "PacingComplete.timestamp"),
  });
}

/** Builds a frozen `PauseJob` (reason `user` by default); `now` is wall-clock ms. */
export function pauseJob(init: EventInit<PauseJob, "jobId">, now: number): PauseJob {
  return Object.freeze({
    type: "PauseJob",
    jobId: checkName(init.jobId, "PauseJob.jobId"),
    reason: checkOneOf(
      orDefault(init.reason, DEFAULT_PAUSE_REASON),
      PAUSE_REASONS,
      "PauseJob.reason",
    ),
    timestamp: checkTimestamp(now, "PauseJob.timestamp"),
  });
}

/** Builds a frozen `ResumeJob` (reason `user`, no new config by default); `now` is wall-clock ms. */
export function resumeJob(init: EventInit<ResumeJob, "jobId">, now: number): ResumeJob {
  const newConfig = init.newConfig ?? null;
  return Object.freeze({
    type: "ResumeJob",
    jobId: checkName(init.jobId, "ResumeJob.jobId"),
    newConfig: newConfig === null ? null : frozenJsonObject(newConfig, "ResumeJob.newConfig"),
    reason: checkOneOf(
      orDefault(init.reason, DEFAULT_PAUSE_REASON),
      PAUSE_REASONS,
      "ResumeJob.reason",
    ),
    timestamp: checkTimestamp(now, "ResumeJob.timestamp"),
  });
}

/** Builds a frozen `CancelJob`; `now` is wall-clock ms. */
export function cancelJob(init: EventInit<CancelJob, "jobId">, now: number): CancelJob {
  return Object.freeze({
    type: "CancelJob",
    jobId: checkName(init.jobId, "CancelJob.jobId"),
    timestamp: checkTimestamp(now, "CancelJob.timestamp"),
  });
}

/** Builds a frozen `ConfigReloaded`; `now` is wall-clock ms. */
export function configReloaded(
  init: EventInit<ConfigReloaded, "jobId" | "newConfig">,
  now: number,
): ConfigReloaded {
  return Object.freeze({
    type: "ConfigReloaded",
    jobId: checkName(init.jobId, "ConfigReloaded.jobId"),
    newConfig: frozenJsonObject(init.newConfig, "ConfigReloaded.newConfig"),
    timestamp: checkTimestamp(now, "ConfigReloaded.timestamp"),
  });
}
