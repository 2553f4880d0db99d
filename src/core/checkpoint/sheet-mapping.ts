import { SheetState } from "../state/sheet-state.js";
import type { SheetCheckpoint } from "./checkpoint-types.js";

// The one place where a live sheet record and its persisted form meet (spec §1.3.1, §9.1).

/** The persisted fields of a live sheet; transient ones (results, lease, attempt id) are left out. */
export function sheetToCheckpoint(sheet: SheetState): SheetCheckpoint {
  return {
    sheetNum: sheet.sheetNum,
    status: sheet.status,
    instrumentName: sheet.instrumentName,
    model: sheet.model,
    maxRetries: sheet.maxRetries,
    maxCompletion: sheet.maxCompletion,
    normalAttempts: sheet.normalAttempts,
    completionAttempts: sheet.completionAttempts,
    healingAttempts: sheet.healingAttempts,
    totalCostUsd: sheet.totalCostUsd,
    totalDurationSeconds: sheet.totalDurationSeconds,
    fallbackChain: [...sheet.fallbackChain],
    currentInstrumentIndex: sheet.currentInstrumentIndex,
    fallbackAttempts: Object.fromEntries(sheet.fallbackAttempts),
    instrumentFallbackHistory: sheet.instrumentFallbackHistory.map((h) => ({ ...h })),
    sheetTimeoutSeconds: sheet.sheetTimeoutSeconds,
    errorMessage: sheet.errorMessage,
    errorCode: sheet.errorCode,
    validationPassed: sheet.validationPassed,
    validationDetails: sheet.validationDetails,
    attemptSeq: sheet.attemptSeq,
  };
}

/**
 * A live sheet record from a recovered one. `primary` stands in for a missing instrument name;
 * `incarnation` is the job's restore count (it goes into every new attempt id).
 */
export function sheetFromCheckpoint(
  jobId: string,
  saved: SheetCheckpoint,
  primary: string,
  incarnation: number,
): SheetState {
  const sheet = new SheetState(jobId, {
    sheetNum: saved.sheetNum,
    instrument: saved.instrumentName ?? primary,
    model: saved.model,
    maxRetries: saved.maxRetries,
    maxCompletion: saved.maxCompletion,
    fallbackChain: saved.fallbackChain,
    timeoutSeconds: saved.sheetTimeoutSeconds,
    status: saved.status,
    errorCode: saved.errorCode,
  });
  sheet.copyCounters(saved);
  sheet.currentInstrumentIndex = saved.currentInstrumentIndex;
  for (const [name, n] of Object.entries(saved.fallbackAttempts))
    sheet.setFallbackAttempts(name, n);
  for (const h of saved.instrumentFallbackHistory) sheet.addFallbackHistory({ ...h });
  sheet.errorMessage = saved.errorMessage;
  sheet.validationPassed = saved.validationPassed;
  sheet.validationDetails = saved.validationDetails;
  sheet.attemptSeq = saved.attemptSeq ?? 0;
  sheet.incarnation = incarnation;
  return sheet;
}
