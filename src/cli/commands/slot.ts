import { join } from "node:path";
import { Command } from "commander";
import { SLOT_ROUTE, type OperationResponse } from "../../api/index.js";
import { STATE_DIR } from "../../circuit/index.js";
import { AdminClient } from "../../client/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";

/** Generous: the slot waits for the service to become healthy (30 s) and checks it. */
const SLOT_TIMEOUT_MS = 120_000;

/**
 * `baton slot NODE CMD [--skip-validate]`: asks the running owner to start CMD (parsed without
 * a shell; quote it as one argument, or give its words) as the node's live service, check it
 * and switch the node's traffic to it.
 */
export function slotCommand(io: CliIo): Command {
  return new Command("slot")
    .description("start a live service for a node and switch its traffic to it")
    .argument("<node>", "the node to slot the service into")
    .argument("<command...>", "the service's command (run without a shell, in this folder)")
    .option("--skip-validate", "do not check the service against the node's contract")
    .action(async function (this: Command, node: string, words: string[]) {
      const ctx = contextOf(io, this);
      const options = this.opts<{ skipValidate?: boolean }>();
      // One argument is a command line; several are words the shell already split.
      const command = words.length === 1 ? (words[0] as string) : words.map(quote).join(" ");
      const client = AdminClient.forProject(join(ctx.dir, STATE_DIR), {
        timeoutMs: SLOT_TIMEOUT_MS,
      });
      const result = await client.call<OperationResponse>(SLOT_ROUTE, {
        node,
        command,
        cwd: io.cwd,
        skipValidate: options.skipValidate === true,
      });
      for (const step of result.steps)
        io.out(`  ${step.status === "completed" ? "✓" : "-"} ${step.name}\n`);
      io.out(`${node} is live\n`);
    });
}

/** A word as the command-line parser reads it back: single-quoted unless plain. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
