import { Command } from "commander";
import { COLLAPSE_ROUTE, UNSLOT_ROUTE, type OperationResponse } from "../../api/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";
import { progressPrinter } from "../render/progress.js";
import { operationClient as client } from "./slot.js";

/** `baton unslot NODE`: the node back on its mock; its live service drains and stops. */
export function unslotCommand(io: CliIo): Command {
  return new Command("unslot")
    .description("put a node back on its mock; its live service drains and stops")
    .argument("<node>", "the node to put back on its mock")
    .action(async function (this: Command, node: string) {
      const ctx = contextOf(io, this);
      await client(ctx.dir).call<OperationResponse>(UNSLOT_ROUTE, { node }, progressPrinter(io));
      io.out(`${node} is mocked\n`);
    });
}

/** `baton collapse [--live a,b]`: every node back on its mock except those named. */
export function collapseCommand(io: CliIo): Command {
  return new Command("collapse")
    .description("put every node back on its mock, except those named with --live")
    .option("--live <nodes>", "comma-separated nodes that keep what serves them now")
    .action(async function (this: Command) {
      const ctx = contextOf(io, this);
      const keep = (this.opts<{ live?: string }>().live ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      const result = await client(ctx.dir).call<OperationResponse>(
        COLLAPSE_ROUTE,
        { keep },
        progressPrinter(io),
      );
      io.out(
        result.steps.length === 0
          ? "nothing to collapse: every other node is mocked\n"
          : `collapsed${keep.length === 0 ? "" : ` (kept ${keep.join(", ")})`}\n`,
      );
    });
}
