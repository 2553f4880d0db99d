import { Command } from "commander";
import {
  checkCircuitText,
  configPath,
  invalidError,
  readCircuitText,
} from "../../circuit/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";
import { diagnosticJson, displayPath, formatDiagnostic } from "../render/diagnostic.js";
import { renderJson } from "../render/json.js";

/** `baton validate [--json]`: every error and warning in baton.yaml and its contracts. */
export function validateCommand(io: CliIo): Command {
  return new Command("validate")
    .description("check baton.yaml and its contracts; exit 1 on any error")
    .option("--json", "print the result as JSON")
    .action(function (this: Command) {
      const ctx = contextOf(io, this);
      const file = configPath(ctx.dir);
      const check = checkCircuitText(file, readCircuitText(file), ctx.dir);
      if (ctx.json) {
        io.out(
          renderJson({
            file: displayPath(file, io.cwd),
            valid: check.config !== undefined,
            errors: check.errors.map((d) => diagnosticJson(d, io.cwd)),
            warnings: check.warnings.map((d) => diagnosticJson(d, io.cwd)),
          }),
        );
        if (check.config === undefined) throw invalidError(check.errors);
        return;
      }
      if (check.config === undefined) throw invalidError(check.errors);
      const { nodes, edges } = check.config;
      io.out(
        `${displayPath(file, io.cwd)} is valid: ${nodes.length} node${nodes.length === 1 ? "" : "s"}, ${edges.length} edge${edges.length === 1 ? "" : "s"}\n`,
      );
      for (const w of check.warnings) io.out(`${formatDiagnostic(w, io.cwd)}\n`);
    });
}
