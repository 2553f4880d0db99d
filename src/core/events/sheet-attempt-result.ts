import type { EventBase, EventInit } from "./event-base.js";
import {
  checkAmount,
  checkBoolean,
  checkCount,
  checkName,
  checkOptionalAmount,
  checkOptionalBoolean,
  checkOptionalInteger,
  checkOptionalName,
  checkOptionalText,
  checkPercent,
  checkPositiveInteger,
  checkText,
  checkTimestamp,
  orDefault,
} from "./event-fields.js";
import { frozenJsonObject, type JsonObject } from "./json-value.js";

/**
 * The one result a musician reports for one attempt (spec §2.2, Appendix C). Durations and
 * waits are seconds; `validationPassRate` is a percentage; `timestamp` is wall-clock ms.
 */
export interface SheetAttemptResult extends EventBase<"SheetAttemptResult"> {
  readonly jobId: string;
  readonly sheetNum: number;
  /** The effective instrument: the fallback one when the sheet has moved on. */
  readonly instrumentName: string;
  /** 1-based attempt number from the attempt context: normal + completion + 1. */
  readonly attempt: number;
  /** Id of the dispatch this result answers; the core ignores results whose id is not current. */
  readonly attemptId: string | null;
  readonly executionSuccess: boolean;
  readonly exitCode: number | null;
  readonly durationSeconds: number;
  readonly validationsPassed: number;
  readonly validationsTotal: number;
  /** Percent, ≥ 0 (above 100 counts as a full pass). F-018: a success with no validation rules must report 100. */
  readonly validationPassRate: number;
  readonly validationDetails: readonly JsonObject[] | null;
  /** `AUTH_FAILURE`, `TRANSIENT`, `EXECUTION_ERROR`, `E505`, … (spec Appendix B). */
  readonly errorClassification: string | null;
  readonly errorMessage: string | null;
  readonly rateLimited: boolean;
  /** Rate-limit-primary design (B6): when not null it, not `rateLimited`, says "rate limit". */
  readonly rateLimitPrimary: boolean | null;
  readonly rateLimitWaitSeconds: number | null;
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly modelUsed: string | null;
  readonly stdoutTail: string;
  readonly stderrTail: string;
  readonly outputKind: string | null;
}

/** What `sheetAttemptResult` takes: job, sheet, instrument and attempt; the rest defaults. */
export type SheetAttemptResultInit = EventInit<
  SheetAttemptResult,
  "jobId" | "sheetNum" | "instrumentName" | "attempt"
>;

const T = "SheetAttemptResult";

function details(value: unknown): readonly JsonObject[] | null {
  if (value === null) return null;
  if (!Array.isArray(value)) throw new TypeError(`${T}.validationDetails must be an array or null`);
  return Object.freeze(
    value.map((item: unknown, i) => frozenJsonObject(item, `${T}.validationDetails[${i}]`)),
  );
}

/** Builds a frozen `SheetAttemptResult` with the spec's defaults; `now` is wall-clock ms. */
export function sheetAttemptResult(init: SheetAttemptResultInit, now: number): SheetAttemptResult {
  const validationsPassed = checkCount(
    orDefault(init.validationsPassed, 0),
    `${T}.validationsPassed`,
  );
  const validationsTotal = checkCount(orDefault(init.validationsTotal, 0), `${T}.validationsTotal`);
  if (validationsPassed > validationsTotal)
    throw new TypeError(
      `${T}.validationsPassed must not exceed validationsTotal (${validationsPassed} > ${validationsTotal})`,
    );
  return Object.freeze({
    type: T,
    jobId: checkName(init.jobId, `${T}.jobId`),
    sheetNum: checkPositiveInteger(init.sheetNum, `${T}.sheetNum`),
    instrumentName: checkName(init.instrumentName, `${T}.instrumentName`),
    attempt: checkPositiveInteger(init.attempt, `${T}.attempt`),
    attemptId: checkOptionalName(init.attemptId ?? null, `${T}.attemptId`),
    executionSuccess: checkBoolean(orDefault(init.executionSuccess, true), `${T}.executionSuccess`),
    exitCode: checkOptionalInteger(init.exitCode ?? null, `${T}.exitCode`),
    durationSeconds: checkAmount(orDefault(init.durationSeconds, 0), `${T}.durationSeconds`),
    validationsPassed,
    validationsTotal,
    validationPassRate: checkPercent(
      orDefault(init.validationPassRate, 0),
      `${T}.validationPassRate`,
    ),
    validationDetails: details(init.validationDetails ?? null),
    errorClassification: checkOptionalName(
      init.errorClassification ?? null,
      `${T}.errorClassification`,
    ),
    errorMessage: checkOptionalText(init.errorMessage ?? null, `${T}.errorMessage`),
    rateLimited: checkBoolean(orDefault(init.rateLimited, false), `${T}.rateLimited`),
    rateLimitPrimary: checkOptionalBoolean(init.rateLimitPrimary ?? null, `${T}.rateLimitPrimary`),
    rateLimitWaitSeconds: checkOptionalAmount(
      init.rateLimitWaitSeconds ?? null,
      `${T}.rateLimitWaitSeconds`,
    ),
    costUsd: checkAmount(orDefault(init.costUsd, 0), `${T}.costUsd`),
    inputTokens: checkCount(orDefault(init.inputTokens, 0), `${T}.inputTokens`),
    outputTokens: checkCount(orDefault(init.outputTokens, 0), `${T}.outputTokens`),
    modelUsed: checkOptionalName(init.modelUsed ?? null, `${T}.modelUsed`),
    stdoutTail: checkText(orDefault(init.stdoutTail, ""), `${T}.stdoutTail`),
    stderrTail: checkText(orDefault(init.stderrTail, ""), `${T}.stderrTail`),
    outputKind: checkOptionalName(init.outputKind ?? null, `${T}.outputKind`),
    timestamp: checkTimestamp(now, `${T}.timestamp`),
  });
}
