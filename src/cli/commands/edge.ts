import { Command } from "commander";
import {
  addEdge,
  removeEdge,
  saveChange,
  type TopologyChange,
  type CircuitConfig,
} from "../../circuit/index.js";
import { parseNodeName } from "../arguments.js";
import { contextOf, loadProject } from "../context.js";
import type { CliIo } from "../io.js";

/** `baton edge add|rm FROM TO`: edit the caller → callee edges of baton.yaml. */
export function edgeCommand(io: CliIo): Command {
  const edge = new Command("edge").description("add or remove edges (caller -> callee)");
  const leaf = (
    name: string,
    description: string,
    change: (c: CircuitConfig, from: string, to: string) => TopologyChange,
  ): void => {
    edge
      .command(name)
      .description(description)
      .argument("<from>", "calling node", parseNodeName)
      .argument("<to>", "called node", parseNodeName)
      .action(function (this: Command, from: string, to: string) {
        const circuit = loadProject(contextOf(io, this));
        const result = change(circuit.config, from, to);
        saveChange(circuit, result.edits);
        io.out(`${result.summary}\n`);
      });
  };
  leaf("add", "add an edge: FROM calls TO", addEdge);
  leaf("rm", "remove the edge FROM -> TO", removeEdge);
  return edge;
}
