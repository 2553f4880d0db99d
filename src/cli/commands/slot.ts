import { join } from "node:path";
import { Command } from "commander";
import { SLOT_ROUTE, SWAP_ROUTE, type OperationResponse } from "../../api/index.js";
import { STATE_DIR } from "../../circuit/index.js";
import { AdminClient } from "../../client/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";
import { progressPrinter } from "../render/progress.js";

/** Generous: the service must become healthy (30 s) and pass its check; a swap also drains. */
const OPERATION_TIMEOUT_MS = 120_000;

/** A client of the project's owner for operations (slot, swap, unslot, collapse, apply). */
export function operationClient(dir: string): AdminClient {
  return AdminClient.forProject(join(dir, STATE_DIR), { timeoutMs: OPERATION_TIMEOUT_MS });
}

/**
 * `baton slot NODE CMD [--skip-validate]`: asks the running owner to start CMD (parsed without
 * a shell; quote it as one argument, or give its words) as the node's live service, check it
 * and switch the node's traffic to it.
 */
export function slotCommand(io: CliIo): Command {
  return serviceCommand(io, "slot", "start a live service for a node and switch its traffic to it");
}

/**
 * `baton swap NODE CMD [--skip-validate]`: the same, beside what serves the node now, which is
 * drained and stopped after the switch: no request fails.
 */
export function swapCommand(io: CliIo): Command {
  return serviceCommand(
    io,
    "swap",
    "replace a node's service with a new one beside it, with no failed request",
  );
}

function serviceCommand(io: CliIo, operation: "slot" | "swap", description: string): Command {
  return new Command(operation)
    .description(description)
    .argument("<node>", `the node to ${operation} the service into`)
    .argument("<command...>", "the service's command (run without a shell, in this folder)")
    .option("--skip-validate", "do not check the service against the node's contract")
    .action(async function (this: Command, node: string, words: string[]) {
      const ctx = contextOf(io, this);
      const options = this.opts<{ skipValidate?: boolean }>();
      // One argument is a command line; several are words the shell already split.
      const command = words.length === 1 ? (words[0] as string) : words.map(quote).join(" ");
      await operationClient(ctx.dir).call<OperationResponse>(
        operation === "slot" ? SLOT_ROUTE : SWAP_ROUTE,
        { node, command, cwd: io.cwd, skipValidate: options.skipValidate === true },
        progressPrinter(io),
      );
      io.out(`${node} is live\n`);
    });
}

/** A word as the command-line parser reads it back: single-quoted unless plain. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
