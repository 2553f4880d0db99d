import { resolve } from "node:path";
import type { Command } from "commander";
import { configPath, loadCircuit, type CircuitFile } from "../circuit/index.js";
import type { CliIo } from "./io.js";

/** What every command handler gets: the streams and the resolved global options. */
export interface CommandContext {
  readonly io: CliIo;
  /** The project directory (`--dir`, default the working directory), absolute. */
  readonly dir: string;
  /** `--json` was given. */
  readonly json: boolean;
}

/** Builds the context from a command's own and global options. */
export function contextOf(io: CliIo, command: Command): CommandContext {
  const options = command.optsWithGlobals<{ dir?: string; json?: boolean }>();
  return { io, dir: resolve(io.cwd, options.dir ?? "."), json: options.json === true };
}

/** Loads and checks the project's baton.yaml. */
export function loadProject(ctx: CommandContext): CircuitFile {
  return loadCircuit(configPath(ctx.dir), ctx.dir);
}
