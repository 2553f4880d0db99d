import { join } from "node:path";
import { Command } from "commander";
import type { StatusResponse } from "../../api/index.js";
import { describeCircuit, STATE_DIR, type CircuitSummary } from "../../circuit/index.js";
import { AdminClient } from "../../client/index.js";
import { isBatonError } from "../../common/index.js";
import { contextOf, loadProject } from "../context.js";
import type { CliIo } from "../io.js";
import { diagnosticJson, displayPath, formatDiagnostic } from "../render/diagnostic.js";
import { renderJson } from "../render/json.js";
import { renderTable } from "../render/table.js";

/**
 * `baton status [--json]`: the running circuit as its owner reports it (per node its backend,
 * traffic, errors and p99), or — with no owner running — the topology declared in baton.yaml.
 */
export function statusCommand(io: CliIo): Command {
  return new Command("status")
    .description("show the circuit: what runs and how it fares, or what baton.yaml declares")
    .option("--json", "print the result as JSON")
    .action(async function (this: Command) {
      const ctx = contextOf(io, this);
      const summary = describeCircuit(loadProject(ctx));
      const live = await AdminClient.forProject(join(ctx.dir, STATE_DIR))
        .status()
        .catch((error: unknown) => {
          if (isBatonError(error) && error.code === "E_OWNER_NOT_RUNNING") return null;
          throw error;
        });
      if (ctx.json) {
        io.out(
          renderJson({
            ...summary,
            file: displayPath(summary.file, io.cwd),
            running: live !== null,
            ...(live === null ? {} : { level: live.level, pid: live.pid, runtime: live.nodes }),
            warnings: summary.warnings.map((d) => diagnosticJson(d, io.cwd)),
          }),
        );
        return;
      }
      io.out(live === null ? renderStatus(summary, io.cwd) : renderRunning(live));
    });
}

/** The human view of a running circuit. */
export function renderRunning(status: StatusResponse): string {
  let out = `Circuit: ${status.circuit} (running, owner pid ${status.pid}, ${status.level})\n\n`;
  out += renderTable(
    ["node", "role", "mode", "address", "backend", "health", "req/s", "err/s", "p99"],
    status.nodes.map((n) => [
      n.name,
      n.role,
      n.protocol,
      `${n.host}:${n.port}`,
      n.live === null ? n.backend : `live (pid ${n.live.pid}, port ${n.live.port})`,
      n.escalated !== null
        ? `FAULTED (${n.escalated})`
        : n.health === null
          ? "-"
          : n.health.status === "healthy"
            ? "healthy"
            : `${n.health.status}: ${n.health.reason}`,
      n.requestsPerSecond.toFixed(1),
      n.errorsPerSecond.toFixed(1),
      n.p99Ms === null ? "-" : `${n.p99Ms.toFixed(1)} ms`,
    ]),
  );
  out += "\nRates are over the last 10 s; every node routes all its traffic to its backend.\n";
  return out;
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
