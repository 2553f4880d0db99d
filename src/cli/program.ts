import { createRequire } from "node:module";
import { Command } from "commander";
import { applyCommand, exportCommand } from "./commands/apply.js";
import { contractCommand } from "./commands/contract.js";
import { downCommand } from "./commands/down.js";
import { edgeCommand } from "./commands/edge.js";
import { initCommand } from "./commands/init.js";
import { resolveCommand } from "./commands/resolve.js";
import { jobCommand, jobsCommand } from "./commands/jobs.js";
import { logsCommand } from "./commands/logs.js";
import { migrateConfigCommand } from "./commands/migrate-config.js";
import { nodeCommand } from "./commands/node.js";
import { slotCommand, swapCommand } from "./commands/slot.js";
import { statusCommand } from "./commands/status.js";
import { collapseCommand, unslotCommand } from "./commands/unslot.js";
import { upCommand } from "./commands/up.js";
import { watchCommand } from "./commands/watch.js";
import { validateCommand } from "./commands/validate.js";
import type { CliIo } from "./io.js";

const VERSION = (createRequire(import.meta.url)("../../package.json") as { version: string })
  .version;

/** The whole `baton` command tree, writing to `io`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command("baton")
    .description(
      "Orchestrate service topologies (circuits): mocks from contracts, live services slotted in one at a time.",
    )
    .version(VERSION, "-V, --version", "print Baton's version")
    .option("--dir <path>", "project directory holding baton.yaml", ".")
    .addCommand(initCommand(io))
    .addCommand(nodeCommand(io))
    .addCommand(edgeCommand(io))
    .addCommand(contractCommand(io))
    .addCommand(validateCommand(io))
    .addCommand(statusCommand(io))
    .addCommand(upCommand(io))
    .addCommand(downCommand(io))
    .addCommand(slotCommand(io))
    .addCommand(swapCommand(io))
    .addCommand(unslotCommand(io))
    .addCommand(collapseCommand(io))
    .addCommand(applyCommand(io))
    .addCommand(exportCommand(io))
    .addCommand(logsCommand(io))
    .addCommand(watchCommand(io))
    .addCommand(jobsCommand(io))
    .addCommand(jobCommand(io))
    .addCommand(resolveCommand(io))
    .addCommand(migrateConfigCommand(io));
  configureAll(program, io);
  return program;
}

/** Same output, error format and exit behaviour on every command of the tree. */
function configureAll(command: Command, io: CliIo): void {
  const path = commandPath(command);
  command
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) => {
        const message = text
          .trim()
          .replace(/^error: /, "")
          .replace(/^command-argument value '.*' is invalid for argument '(.+?)'\. /, "<$1>: ")
          .replace(/^option '(.+?)' argument '.*' is invalid\. /, "$1: ")
          .replace(/\s*\(Did you mean (\S+?)\?\)/, " (did you mean '$1'?)")
          .replace(/\s+/g, " ")
          .replace(/\.$/, "");
        write(`error[E_USAGE] ${message}; see '${path} --help'\n`);
      },
    });
  for (const sub of command.commands) configureAll(sub, io);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}
