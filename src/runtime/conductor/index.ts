export {
  Conductor,
  DECISIONS,
  type Decision,
  type ConductorOptions,
  type OperationResult,
  type Step,
  type StepProgress,
  type StepReport,
} from "./conductor.js";
export { RUNTIME_INSTRUMENTS } from "./instruments.js";
export { JobBook, type JobRecord, type StepRecord } from "./job-book.js";
