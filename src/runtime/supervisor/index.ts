export {
  formatCommandLine,
  parseCommandLine,
  quoteArg,
  type ParseCommandLineOptions,
  type ParsedCommand,
} from "./command-line.js";
export { resolveProgram, type ResolveProgramOptions } from "./resolve-program.js";
export {
  ChildService,
  type ChildServiceOptions,
  type ServiceExit,
  type ServiceLine,
} from "./child-service.js";
export { LineSplitter, type LineSink } from "./line-splitter.js";
export { CUT_MARKER, EXIT_DRAIN_MS, MAX_LINE_CHARS, STOP_GRACE_MS } from "./defaults.js";
export {
  COMMAND_INVALID,
  PROGRAM_NOT_FOUND,
  SPAWN_FAILED,
  type SupervisorStep,
} from "./step-error.js";
export { signalGroup } from "./signal-group.js";
