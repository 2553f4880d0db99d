import { resolve } from "node:path";
import { Command } from "commander";
import {
  APPLY_ROUTE,
  EXPORT_ROUTE,
  type ApplyResponse,
  type ExportResponse,
} from "../../api/index.js";
import { writeFileAtomic } from "../../circuit/index.js";
import { contextOf, loadProject } from "../context.js";
import type { CliIo } from "../io.js";
import { displayPath } from "../render/diagnostic.js";
import { inertText } from "../render/inert-text.js";
import { progressPrinter } from "../render/progress.js";
import { operationClient } from "./slot.js";

/** `baton apply [--dry-run]`: converge the running circuit to baton.yaml, touching only what changed. */
export function applyCommand(io: CliIo): Command {
  return new Command("apply")
    .description(
      "converge the running circuit to baton.yaml: only the nodes that changed are touched",
    )
    .option("--dry-run", "print the plan and change nothing")
    .action(async function (this: Command) {
      const ctx = contextOf(io, this);
      // Checked here first: an invalid file is refused with all its errors, nothing touched.
      loadProject(ctx);
      const client = operationClient(ctx.dir);
      const plan = await client.call<ApplyResponse>(APPLY_ROUTE, { dryRun: true });
      io.out(`plan:\n${plan.plan.map((l) => `  ${inertText(l)}\n`).join("")}`);
      if (this.opts<{ dryRun?: boolean }>().dryRun === true) return;
      const done = await client.call<ApplyResponse>(
        APPLY_ROUTE,
        { dryRun: false },
        progressPrinter(io),
      );
      io.out(
        done.steps.length === 0
          ? "applied: no node needed a change\n"
          : `applied in ${done.steps.length} step${done.steps.length === 1 ? "" : "s"}\n`,
      );
    });
}

/** `baton export [--output FILE]`: the running circuit as baton.yaml (version 2). */
export function exportCommand(io: CliIo): Command {
  return new Command("export")
    .description("print the running circuit as baton.yaml (version 2), or write it to a file")
    .option("--output <file>", "write it to this file (atomically) instead of printing it")
    .action(async function (this: Command) {
      const ctx = contextOf(io, this);
      const exported = await operationClient(ctx.dir).call<ExportResponse>(EXPORT_ROUTE);
      if (exported.warning !== null) io.err(`warning: ${inertText(exported.warning)}\n`);
      const output = this.opts<{ output?: string }>().output;
      if (output === undefined) return io.out(exported.yaml);
      const file = resolve(io.cwd, output);
      writeFileAtomic(file, exported.yaml);
      io.out(`exported to ${displayPath(file, io.cwd)}\n`);
    });
}
