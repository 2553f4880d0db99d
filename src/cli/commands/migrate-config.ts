import { resolve } from "node:path";
import { Command } from "commander";
import {
  applyYamlEdits,
  checkCircuitText,
  configPath,
  invalidError,
  LATEST_SCHEMA_VERSION,
  migrationEdits,
  readCircuitText,
  writeFileAtomic,
} from "../../circuit/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";
import { displayPath } from "../render/diagnostic.js";

/** `baton migrate-config`: version 1 → 2 in place (or to --output), comments kept, idempotent. */
export function migrateConfigCommand(io: CliIo): Command {
  return new Command("migrate-config")
    .description(`migrate baton.yaml to schema version ${LATEST_SCHEMA_VERSION}, keeping comments`)
    .option("--config <path>", "file to migrate (default: baton.yaml in --dir)")
    .option("--output <path>", "write the result here instead of over --config")
    .option("--dry-run", "print the migrated file instead of writing it")
    .action(function (
      this: Command,
      options: { config?: string; output?: string; dryRun?: boolean },
    ) {
      const ctx = contextOf(io, this);
      const file =
        options.config === undefined ? configPath(ctx.dir) : resolve(io.cwd, options.config);
      const projectDir = resolve(file, "..");
      const text = readCircuitText(file);
      const before = checkCircuitText(file, text, projectDir);
      if (before.config === undefined)
        throw invalidError(before.errors, "cannot migrate until this is fixed: ");
      const shown = displayPath(file, io.cwd);
      const edits = migrationEdits(before.source.doc.toJS() as Record<string, unknown>);
      if (edits.length === 0) {
        io.out(`${shown} is already at version ${before.config.version}; nothing to do\n`);
        return;
      }
      const migrated = applyYamlEdits(text, edits);
      const after = checkCircuitText(file, migrated, projectDir);
      if (after.config === undefined)
        throw invalidError(after.errors, "migration would produce an invalid file: ");
      if (options.dryRun === true) {
        io.out(migrated);
        return;
      }
      const output = options.output === undefined ? file : resolve(io.cwd, options.output);
      writeFileAtomic(output, migrated);
      io.out(
        `Migrated ${shown} to version ${LATEST_SCHEMA_VERSION} -> ${displayPath(output, io.cwd)}\n`,
      );
    });
}
