import type { Diagnostic } from "../common/index.js";
import type { CircuitFile } from "./load-circuit.js";

/** The offline read model of a circuit, as `status` shows it. */
export interface CircuitSummary {
  readonly name: string;
  readonly version: number;
  readonly file: string;
  readonly nodes: readonly {
    readonly name: string;
    readonly role: string;
    readonly mode: string;
    readonly host: string;
    readonly port: number;
    readonly contract: string;
  }[];
  readonly edges: readonly {
    readonly source: string;
    readonly target: string;
    readonly label: string;
  }[];
  readonly warnings: readonly Diagnostic[];
}

/** Summarizes a loaded circuit for display. */
export function describeCircuit(circuit: CircuitFile): CircuitSummary {
  const { config } = circuit;
  return {
    name: config.name,
    version: config.version,
    file: circuit.file,
    nodes: config.nodes.map((n) => ({
      name: n.name,
      role: n.role,
      mode: n.proxy_mode,
      host: n.host,
      port: n.port,
      contract: n.contract,
    })),
    edges: config.edges.map((e) => ({ source: e.source, target: e.target, label: e.label })),
    warnings: circuit.warnings,
  };
}
