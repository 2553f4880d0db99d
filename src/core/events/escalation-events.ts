import type { EventBase, EventInit } from "./event-base.js";
import {
  checkName,
  checkPositiveInteger,
  checkText,
  checkTimestamp,
  orDefault,
} from "./event-fields.js";

// Escalation: a sheet parked in FERMATA for a human decision, and how it leaves (spec §5.5).

/** Decisions the core knows; any other string fails the sheet (spec §2.3.12). */
export const ESCALATION_DECISIONS = ["retry", "skip", "accept"] as const;

/** A sheet needs a human decision: it goes to FERMATA and the job pauses (escalation). */
export interface EscalationNeeded extends EventBase<"EscalationNeeded"> {
  readonly jobId: string;
  readonly sheetNum: number;
  readonly reason: string;
  /** Choices offered to the human, in order. */
  readonly options: readonly string[];
}

/** A human decided about a FERMATA sheet: `retry`, `skip`, `accept`, or anything else = fail. */
export interface EscalationResolved extends EventBase<"EscalationResolved"> {
  readonly jobId: string;
  readonly sheetNum: number;
  readonly decision: string;
}

/** Nobody decided in time (timer): the FERMATA sheet fails, the job does not. */
export interface EscalationTimeout extends EventBase<"EscalationTimeout"> {
  readonly jobId: string;
  readonly sheetNum: number;
}

function options(value: unknown): readonly string[] {
  if (!Array.isArray(value)) throw new TypeError("EscalationNeeded.options must be an array");
  return Object.freeze(
    value.map((o: unknown, i) => checkText(o, `EscalationNeeded.options[${i}]`)),
  );
}

/** Builds a frozen `EscalationNeeded` (no options by default); `now` is wall-clock ms. */
export function escalationNeeded(
  init: EventInit<EscalationNeeded, "jobId" | "sheetNum" | "reason">,
  now: number,
): EscalationNeeded {
  return Object.freeze({
    type: "EscalationNeeded",
    jobId: checkName(init.jobId, "EscalationNeeded.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "EscalationNeeded.sheetNum"),
    reason: checkText(init.reason, "EscalationNeeded.reason"),
    options: options(orDefault<unknown>(init.options, [])),
    timestamp: checkTimestamp(now, "EscalationNeeded.timestamp"),
  });
}

/** Builds a frozen `EscalationResolved`; `now` is wall-clock ms. */
export function escalationResolved(
  init: EventInit<EscalationResolved, "jobId" | "sheetNum" | "decision">,
  now: number,
): EscalationResolved {
  return Object.freeze({
    type: "EscalationResolved",
    jobId: checkName(init.jobId, "EscalationResolved.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "EscalationResolved.sheetNum"),
    decision: checkName(init.decision, "EscalationResolved.decision"),
    timestamp: checkTimestamp(now, "EscalationResolved.timestamp"),
  });
}

/** Builds a frozen `EscalationTimeout`; `now` is wall-clock ms. */
export function escalationTimeout(
  init: EventInit<EscalationTimeout, "jobId" | "sheetNum">,
  now: number,
): EscalationTimeout {
  return Object.freeze({
    type: "EscalationTimeout",
    jobId: checkName(init.jobId, "EscalationTimeout.jobId"),
    sheetNum: checkPositiveInteger(init.sheetNum, "EscalationTimeout.sheetNum"),
    timestamp: checkTimestamp(now, "EscalationTimeout.timestamp"),
  });
}
