export {
  DEFAULT_FLUSH_MS,
  DEFAULT_FOLLOW_POLL_MS,
  DEFAULT_MAX_BUFFERED_LINES,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_FILES,
} from "./defaults.js";
export {
  LOG_SUFFIX,
  assertNodeName,
  isNodeName,
  logFileName,
  parseLogFileName,
  type LogFileName,
} from "./log-file-name.js";
export { followLogs, type FollowOptions, type LogFollower } from "./log-follower.js";
export { listLogFiles, readLogs, type LogQuery } from "./log-reader.js";
export {
  decodeLogLines,
  decodeLogRecord,
  encodeLogRecord,
  type DecodedLogLines,
  type LogRecord,
} from "./log-record.js";
export { LogWriter, type LogLine, type LogWriterOptions } from "./log-writer.js";
export {
  DEFAULT_SEVERITY,
  SEVERITIES,
  parseSeverity,
  severityAtLeast,
  severityFromName,
  type LogStream,
  type Severity,
} from "./severity.js";
