import { CommanderError } from "commander";
import { isBatonError } from "../common/index.js";
import type { CliIo } from "./io.js";
import { buildProgram } from "./program.js";
import { formatDiagnostic } from "./render/diagnostic.js";

/** Exit statuses: 0 ok, 1 error, 2 usage. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** Runs `baton` with `argv` (without the node and script paths) and returns the exit status. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for (--help, `help`, --version) exits 0; help shown because a subcommand is
      // missing, and every parse error, is a usage error.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (isBatonError(error)) {
      for (const d of error.diagnostics) io.err(`${formatDiagnostic(d, io.cwd)}\n`);
      return error.code === "E_USAGE" ? EXIT_USAGE : EXIT_ERROR;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(
      `error[E_INTERNAL] ${message}; this is a bug in Baton, please report it (BATON_DEBUG=1 prints the stack)\n`,
    );
    if (env.BATON_DEBUG === "1" && error instanceof Error && error.stack !== undefined)
      io.err(`${error.stack}\n`);
    return EXIT_ERROR;
  }
}
