export {
  FileCheckpointStore,
  type FileCheckpointStoreOptions,
  type StoredCheckpointFile,
} from "./store/file-checkpoint-store.js";
export { CHECKPOINT_SUFFIX, jobFileName, jobIdOfFileName } from "./store/job-file-name.js";
export { TEMP_SUFFIX, writeFileDurable } from "./store/write-file-durable.js";
export {
  persistEffects,
  restoreAll,
  type RestoreFailure,
  type RestoreReport,
} from "./core-persistence.js";
export { Owner, type OwnerOptions } from "./owner/owner.js";
export {
  encodeLogRecord,
  followLogs,
  listLogFiles,
  readLogs,
  SEVERITIES,
  type LogQuery,
  type LogRecord,
  type Severity,
} from "./logs/index.js";
export { EVENTS_FILE, followEvents, type CustodianEvent } from "./custodian/index.js";
