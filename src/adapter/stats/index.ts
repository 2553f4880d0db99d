export {
  MAX_ERROR_MESSAGE_CHARS,
  MAX_SIGNAL_METHOD_CHARS,
  MAX_SIGNAL_PATH_CHARS,
  MAX_TRACESTATE_CHARS,
  MAX_TRACESTATE_MEMBERS,
  MAX_TRACKED_TARGETS,
  SIGNAL_BUFFER_CAPACITY,
} from "./defaults.js";
export {
  HISTOGRAM_MAX_TRACKED_MS,
  HISTOGRAM_RELATIVE_ERROR,
  LatencyHistogram,
} from "./latency-histogram.js";
export {
  AdapterStats,
  ERROR_KINDS,
  STATUS_CLASSES,
  TrafficStats,
  type AdapterStatsSnapshot,
  type ErrorKind,
  type LastError,
  type StatusClass,
  type TrafficSnapshot,
} from "./adapter-stats.js";
export { SignalBuffer, type Signal } from "./signals.js";
export {
  continueTrace,
  formatTraceparent,
  isValidTracestate,
  newSpanId,
  newTraceId,
  parseTraceparent,
  type OutgoingTrace,
  type Traceparent,
} from "./trace-context.js";
