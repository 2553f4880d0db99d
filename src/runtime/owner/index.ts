export {
  LOCK_FILE,
  OwnerLock,
  staleReason,
  type LockRecord,
  type StaleReason,
} from "./owner-lock.js";
export { systemProcesses, type ProcessIdentity, type ProcessTable } from "./process-identity.js";
