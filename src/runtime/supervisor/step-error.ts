import { BatonError, type ErrorCode } from "../../common/index.js";

// The error code of each step that can fail when a service is started.

/** A command line that cannot be parsed, or that needs a shell. */
export const COMMAND_INVALID: ErrorCode = "E_COMMAND_INVALID";
/** A program that is not on PATH, not a file, or not executable. */
export const PROGRAM_NOT_FOUND: ErrorCode = "E_PROGRAM_NOT_FOUND";
/** The OS refused to start the process: missing cwd, no processes or files left. */
export const SPAWN_FAILED: ErrorCode = "E_SPAWN_FAILED";

/** The step of starting a live service that failed; it leads the message. */
export type SupervisorStep = "parse the command" | "find the program" | "start the process";

/**
 * A BatonError whose message names the node (when known) and the step, e.g.
 * `node "api": cannot find the program: "serve" is not on PATH`.
 */
export function stepError(
  code: ErrorCode,
  step: SupervisorStep,
  node: string | undefined,
  detail: string,
  hint: string,
  cause?: unknown,
): BatonError {
  const who = node === undefined ? "" : `node "${node}": `;
  return new BatonError(code, `${who}cannot ${step}: ${detail}`, { hint, cause });
}
