import { basename, resolve } from "node:path";
import { Command } from "commander";
import { initProject, toDnsLabel } from "../../circuit/index.js";
import { parseCircuitName } from "../arguments.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";
import { displayPath } from "../render/diagnostic.js";

/** `baton init [dir] [--name N]`: a new baton.yaml and .baton/; never overwrites. */
export function initCommand(io: CliIo): Command {
  return new Command("init")
    .description("create baton.yaml and .baton/ in a directory (default: --dir)")
    .argument("[dir]", "project directory to create or use")
    .option("--name <name>", "circuit name (default: the directory's name)", parseCircuitName)
    .action(function (this: Command, dirArg: string | undefined, options: { name?: string }) {
      const ctx = contextOf(io, this);
      const dir = dirArg === undefined ? ctx.dir : resolve(io.cwd, dirArg);
      const name = options.name ?? (toDnsLabel(basename(dir)) || "default");
      const file = initProject(dir, name);
      const shown = displayPath(dir, io.cwd);
      io.out(`Initialized circuit '${name}' in ${shown}\n`);
      const dirFlag =
        shown === "." ? "" : ` --dir ${/^[\w./-]+$/.test(shown) ? shown : `'${shown}'`}`;
      io.out(`Next: baton node add NAME${dirFlag}   (file: ${displayPath(file, io.cwd)})\n`);
    });
}
