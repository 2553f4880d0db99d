import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { BatonError, isBatonError } from "../common/index.js";
import { checkCircuitText, configPath, invalidError } from "./load-circuit.js";
import { LATEST_SCHEMA_VERSION } from "./schema.js";
import { writeError, writeFileAtomic } from "./write-atomic.js";

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
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw writeError(dir, error);
  }
  const text = initialConfig(name);
  const check = checkCircuitText(file, text, dir);
  if (check.config === undefined) throw invalidError(check.errors);
  try {
    writeFileAtomic(file, text, { exclusive: true });
  } catch (error) {
    if (isBatonError(error) && error.code === "E_CONFIG_EXISTS") {
      throw new BatonError("E_CONFIG_EXISTS", "already exists", {
        hint: "Baton never overwrites it; edit it, or remove it to start over",
        location: { file },
      });
    }
    throw error;
  }
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
  return file;
}
