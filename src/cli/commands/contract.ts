import { relative, resolve, sep } from "node:path";
import { Command } from "commander";
import {
  inspectContract,
  saveChange,
  setContract,
  type ContractKind,
} from "../../circuit/index.js";
import { parseNodeName } from "../arguments.js";
import { contextOf, loadProject } from "../context.js";
import type { CliIo } from "../io.js";

const KIND_NAMES: Record<ContractKind, string> = {
  "openapi-2.0": "OpenAPI 2.0",
  "openapi-3.0": "OpenAPI 3.0",
  "openapi-3.1": "OpenAPI 3.1",
  "json-schema": "JSON Schema",
};

/** `baton contract set NODE SPEC`: attach an OpenAPI or JSON Schema contract to a node. */
export function contractCommand(io: CliIo): Command {
  const contract = new Command("contract").description(
    "attach contracts (OpenAPI 2.0/3.0/3.1, JSON Schema) to nodes",
  );
  contract
    .command("set")
    .description("check SPEC and store it, relative to the project, as NODE's contract")
    .argument("<node>", "node name", parseNodeName)
    .argument("<spec>", "contract file (YAML or JSON), relative to the working directory")
    .action(function (this: Command, node: string, spec: string) {
      const ctx = contextOf(io, this);
      const circuit = loadProject(ctx);
      const file = resolve(io.cwd, spec);
      const summary = inspectContract(file);
      const stored = relative(ctx.dir, file).split(sep).join("/");
      const change = setContract(circuit.config, node, stored);
      saveChange(circuit, change.edits);
      const operations =
        summary.kind === "json-schema"
          ? ""
          : `, ${summary.operations} operation${summary.operations === 1 ? "" : "s"}`;
      io.out(`${change.summary} (${KIND_NAMES[summary.kind]}${operations})\n`);
    });
  return contract;
}
