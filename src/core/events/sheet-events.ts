import type { EventBase, EventInit } from "./event-base.js";
import {
  checkName,
  checkOptionalInteger,
  checkOptionalName,
  checkPositiveInteger,
  checkText,
  checkTimestamp,
} from "./event-fields.js";

// Events about one sheet, other than its attempt result (spec §2.2).

/** A sheet skipped on purpose (skip_when, start sheet); it satisfies its dependents. */
export interface SheetSkipped extends EventBase<"SheetSkipped"> {
  readonly jobId: string;
  readonly sheetNum: number;
  readonly reason: string;
}

/** A sheet handed to a musician; `timestamp` is a monotonic ms reading, kept as `dispatchedAt`. */
export interface SheetDispatched extends EventBase<"SheetDispatched"> {
  readonly jobId: string;
  readonly sheetNum: number;
  readonly instrument: string;
  /** Id of this dispatch; the result, stale checks and crash reports of the attempt carry it. */
  readonly attemptId: string | null;
}

/** A sheet's retry backoff has elapsed (timer). */
export interface RetryDue extends EventBase<"RetryDue"> {
  readonly jobId: string;
  readonly sheetNum: number;
}

/** Time to check that a dispatched sheet's musician still lives (timer, one per dispatch). */
export interface StaleCheck extends EventBase<"StaleCheck"> {
  readonly jobId: string;
  readonly sheetNum: number;
  /** The dispatch this check watches; a check for an older attempt is ignored. */
  readonly attemptId: string | null;
}

/** The process running a sheet's attempt exited on its own (observer). */
export interface ProcessExited extends EventBase<"ProcessExited"> {
  readonly jobId: string;
  readonly sheetNum: number;
  readonly pid: number;
  readonly exitCode: number | null;
  /** The dispatch the process belonged to; a report for an older attempt is ignored. */
  readonly attemptId: string | null;
}

/** Builds a frozen `SheetSkipped`; `now` is wall-clock ms. */
export function sheetSkipped(
  init: EventInit<SheetSkipped, "jobId" | "sheetNum" | "reason">,
  now: number,
): SheetSkipped {
  return Object.freeze({
    type: "SheetSkipped",
    jobId: checkName(init.jobId, "SheetSkipped.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "SheetSkipped.sheetNum"),
    reason: checkText(init.reason, "SheetSkipped.reason"),
    timestamp: checkTimestamp(now, "SheetSkipped.timestamp"),
  });
}

/** Builds a frozen `SheetDispatched`; `monoNow` is a monotonic clock reading in ms. */
export function sheetDispatched(
  init: EventInit<SheetDispatched, "jobId" | "sheetNum" | "instrument">,
  monoNow: number,
): SheetDispatched {
  return Object.freeze({
    type: "SheetDispatched",
    jobId: checkName(init.jobId, "SheetDispatched.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "SheetDispatched.sheetNum"),
    instrument: checkName(init.instrument, "SheetDispatched.instrument"),
    attemptId: checkOptionalName(init.attemptId ?? null, "SheetDispatched.attemptId"),
    timestamp: checkTimestamp(monoNow, "SheetDispatched.timestamp"),
  });
}

/** Builds a frozen `RetryDue`; `now` is wall-clock ms. */
export function retryDue(init: EventInit<RetryDue, "jobId" | "sheetNum">, now: number): RetryDue {
  return Object.freeze({
    type: "RetryDue",
    jobId: checkName(init.jobId, "RetryDue.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "RetryDue.sheetNum"),
    timestamp: checkTimestamp(now, "RetryDue.timestamp"),
  });
}

/** Builds a frozen `StaleCheck`; `now` is wall-clock ms. */
export function staleCheck(
  init: EventInit<StaleCheck, "jobId" | "sheetNum">,
  now: number,
): StaleCheck {
  return Object.freeze({
    type: "StaleCheck",
    jobId: checkName(init.jobId, "StaleCheck.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "StaleCheck.sheetNum"),
    attemptId: checkOptionalName(init.attemptId ?? null, "StaleCheck.attemptId"),
    timestamp: checkTimestamp(now, "StaleCheck.timestamp"),
  });
}

/** Builds a frozen `ProcessExited`; `now` is wall-clock ms. */
export function processExited(
  init: EventInit<ProcessExited, "jobId" | "sheetNum" | "pid">,
  now: number,
): ProcessExited {
  return Object.freeze({
    type: "ProcessExited",
    jobId: checkName(init.jobId, "ProcessExited.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "ProcessExited.sheetNum"),
    pid: checkPositiveInteger(init.pid, "ProcessExited.pid"),
    exitCode: checkOptionalInteger(init.exitCode ?? null, "ProcessExited.exitCode"),
    attemptId: checkOptionalName(init.attemptId ?? null, "ProcessExited.attemptId"),
    timestamp: checkTimestamp(now, "ProcessExited.timestamp"),
  });
}
