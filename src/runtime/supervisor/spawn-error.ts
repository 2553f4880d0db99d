import { stat } from "node:fs/promises";
import type { BatonError } from "../../common/index.js";
import { quoteArg } from "./command-line.js";
import { PROGRAM_NOT_FOUND, SPAWN_FAILED, stepError } from "./step-error.js";

/** What was being started, for the message. */
export interface SpawnedAs {
  readonly node: string;
  readonly cwd: string;
  readonly command: { readonly program: string };
}

/** A BatonError for a failed spawn: the program missing or not executable, the cwd missing, or the OS. */
export async function spawnError(
  error: NodeJS.ErrnoException,
  options: SpawnedAs,
): Promise<BatonError> {
  const { node, cwd } = options;
  const program = quoteArg(options.command.program);
  if (error.code === "ENOENT" || error.code === "ENOTDIR") {
    const cwdIsDir = await stat(cwd).then(
      (info) => info.isDirectory(),
      () => false,
    );
    if (!cwdIsDir) {
      return stepError(
        SPAWN_FAILED,
        "start the process",
        node,
        `the working directory ${cwd} does not exist or is not a directory`,
        "create it, or fix the node's directory",
        error,
      );
    }
    return stepError(
      PROGRAM_NOT_FOUND,
      "start the process",
      node,
      `the program ${program} was not found`,
      "install it, or give its path (relative to the service's working directory); " +
        "if it is a script, check the interpreter on its #! line",
      error,
    );
  }
  if (error.code === "EACCES") {
    return stepError(
      PROGRAM_NOT_FOUND,
      "start the process",
      node,
      `the program ${program} is not executable (permission denied)`,
      `make it executable (chmod +x ${program}) or run it through its interpreter`,
      error,
    );
  }
  return stepError(
    SPAWN_FAILED,
    "start the process",
    node,
    `the system refused to start ${program}: ${error.code ?? error.message}`,
    "check the limits on processes and open files (ulimit -u, ulimit -n) and free memory",
    error,
  );
}
