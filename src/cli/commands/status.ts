import { Command } from "commander";
import { describeCircuit, type CircuitSummary } from "../../circuit/index.js";
import { contextOf, loadProject } from "../context.js";
import type { CliIo } from "../io.js";
import { diagnosticJson, displayPath, formatDiagnostic } from "../render/diagnostic.js";
import { renderJson } from "../render/json.js";
import { renderTable } from "../render/table.js";

/** `baton status [--json]`: the circuit's topology as declared (offline: no owner process yet). */
export function statusCommand(io: CliIo): Command {
  return new Command("status")
    .description("show the circuit: nodes, edges and warnings")
    .option("--json", "print the result as JSON")
    .action(function (this: Command) {
      const ctx = contextOf(io, this);
      const summary = describeCircuit(loadProject(ctx));
      if (ctx.json) {
        io.out(
          renderJson({
            ...summary,
            file: displayPath(summary.file, io.cwd),
            running: false,
            warnings: summary.warnings.map((d) => diagnosticJson(d, io.cwd)),
          }),
        );
        return;
      }
      io.out(renderStatus(summary, io.cwd));
    });
}

/** The human view of `status`. */
export function renderStatus(summary: CircuitSummary, cwd: string): string {
  const lines = [
    `Circuit: ${summary.name} (version ${summary.version})`,
    `File:    ${displayPath(summary.file, cwd)}`,
    "State:   not running (this view is read from baton.yaml)",
    `Nodes:   ${summary.nodes.length}`,
    `Edges:   ${summary.edges.length}`,
    "",
  ];
  let out = lines.join("\n") + "\n";
  if (summary.nodes.length > 0) {
    out += renderTable(
      ["name", "role", "mode", "port", "contract"],
      summary.nodes.map((n) => [
        n.name,
        n.role,
        n.mode,
        n.host === "127.0.0.1" ? String(n.port) : `${n.host}:${n.port}`,
        n.contract || "-",
      ]),
    );
  } else {
    out += "  (no nodes yet: baton node add NAME)\n";
  }
  if (summary.edges.length > 0) {
    out += "\nEdges:\n";
    for (const e of summary.edges)
      out += `  ${e.source} -> ${e.target}${e.label ? `  (${e.label})` : ""}\n`;
  }
  if (summary.warnings.length > 0) {
    out += "\nWarnings:\n";
    for (const w of summary.warnings) out += `  ${formatDiagnostic(w, cwd)}\n`;
  }
  return out;
}
