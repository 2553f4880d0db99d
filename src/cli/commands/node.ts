import { Command, Option } from "commander";
import {
  addNode,
  chooseFreePort,
  DEFAULT_HOST,
  PROXY_MODES,
  removeNode,
  ROLES,
  saveChange,
  type ProxyMode,
  type Role,
} from "../../circuit/index.js";
import { parseNodeName, parsePortOption } from "../arguments.js";
import { contextOf, loadProject } from "../context.js";
import type { CliIo } from "../io.js";

/** `baton node add|rm`: edit the nodes of baton.yaml. */
export function nodeCommand(io: CliIo): Command {
  const node = new Command("node").description("add or remove nodes (services) of the circuit");
  node
    .command("add")
    .description("add a node; a free port is chosen when --port is omitted")
    .argument("<name>", "node name (lowercase DNS label, e.g. orders)", parseNodeName)
    .option("--port <port>", "port the node's adapter listens on (1-65535)", parsePortOption)
    .addOption(new Option("--mode <mode>", "protocol").choices(PROXY_MODES).default("http"))
    .addOption(new Option("--role <role>", "role in the circuit").choices(ROLES).default("service"))
    .action(async function (
      this: Command,
      name: string,
      options: { port?: number; mode: ProxyMode; role: Role },
    ) {
      const ctx = contextOf(io, this);
      const circuit = loadProject(ctx);
      const taken = new Set(circuit.config.nodes.map((n) => n.port));
      const port = options.port ?? (await chooseFreePort(taken, DEFAULT_HOST));
      const change = addNode(circuit.config, {
        name,
        port,
        mode: options.mode,
        role: options.role,
      });
      saveChange(circuit, change.edits);
      io.out(`${change.summary}\n`);
    });
  node
    .command("rm")
    .description("remove a node and every edge that touches it")
    .argument("<name>", "node name", parseNodeName)
    .action(function (this: Command, name: string) {
      const ctx = contextOf(io, this);
      const circuit = loadProject(ctx);
      const change = removeNode(circuit.config, name);
      saveChange(circuit, change.edits);
      io.out(`${change.summary}\n`);
    });
  return node;
}
