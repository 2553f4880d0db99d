export {
  ACTIVE_STATUSES,
  DISPATCHABLE_STATUSES,
  isSatisfying,
  isTerminal,
  parseSheetStatus,
  SATISFYING_STATUSES,
  SHEET_STATUSES,
  TERMINAL_STATUSES,
  type SheetStatus,
} from "./state/sheet-status.js";
export { JobGraph } from "./state/job-graph.js";
export { TimerWheel, type TimerHandle, type TimerSnapshotEntry } from "./timers/timer-wheel.js";
