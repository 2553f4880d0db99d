import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { checkCircuitText, configPath, invalidError } from "./load-circuit.js";
import { LATEST_SCHEMA_VERSION } from "./schema.js";
import { alreadyExistsError, writeError, writeFileAtomic } from "./write-atomic.js";

/** The state directory inside a project. */
export const STATE_DIR = ".baton";

/** The baton.yaml a new project starts with. */
export function initialConfig(name: string): string {
  return [
    `# Baton circuit '${name}'.`,
    "# Edit by hand or with 'baton node add' / 'baton edge add': comments and layout are kept.",
    `name: ${stringify(name).trimEnd()}`,
    `version: ${LATEST_SCHEMA_VERSION}`,
    "nodes: []",
    "edges: []",
    "",
  ].join("\n");
}

/** Creates `dir` (and parents), a new baton.yaml and `.baton/`; never overwrites baton.yaml. */
export function initProject(dir: string, name: string): string {
  const file = configPath(dir);
  const text = initialConfig(name);
  const check = checkCircuitText(file, text, dir);
  if (check.config === undefined) throw invalidError(check.errors);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw writeError(dir, error);
  }
  if (existsSync(file)) throw alreadyExistsError(file);
  // .baton/ first: if it cannot be made, no baton.yaml is left behind to block a second try.
  const state = join(dir, STATE_DIR);
  try {
    mkdirSync(state, { recursive: true });
    writeFileSync(
      join(state, ".gitignore"),
      "# Baton's runtime state: not for version control.\n*\n",
    );
  } catch (error) {
    throw writeError(state, error);
  }
  writeFileAtomic(file, text, { exclusive: true });
  return file;
}
