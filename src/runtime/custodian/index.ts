export {
  Custodian,
  type CustodianEvent,
  type CustodianHost,
  type CustodianOptions,
} from "./custodian.js";
export { EVENTS_FILE, EventLog } from "./event-log.js";
export {
  DEFAULT_LADDER,
  HealLadder,
  type LadderDecision,
  type LadderOptions,
} from "./heal-ladder.js";
export { followEvents } from "./event-follower.js";
