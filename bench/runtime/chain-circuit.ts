import { writeFileSync } from "node:fs";
import { join } from "node:path";

// The benches' generated circuit: N http nodes in a chain of callers (node0 calls node1, …),
// each with its own small OpenAPI contract.

/** The contract of node `i`: /health and /items/{id}. */
export function chainContract(i: number): string {
  return `openapi: 3.1.0
info: { title: node${i}, version: 1.0.0 }
paths:
  /health:
    get:
      responses:
        "200": { description: ok, content: { application/json: { example: { status: ok } } } }
  /items/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        "200":
          description: an item
          content:
            application/json:
              schema:
                type: object
                required: [id, name]
                properties: { id: { type: string }, name: { type: string }, size: { type: integer } }
`;
}

/** Writes the chain's contracts and its baton.yaml into `dir`, nodes on ports from `basePort`. */
export function writeChainCircuit(dir: string, nodes: number, basePort: number): void {
  const lines = ["version: 2", "name: chain", "custodian: { enabled: false }", "nodes:"];
  for (let i = 0; i < nodes; i++) {
    writeFileSync(join(dir, `node${i}.yaml`), chainContract(i));
    lines.push(`  - { name: node${i}, port: ${basePort + i}, contract: node${i}.yaml }`);
  }
  lines.push("edges:");
  for (let i = 1; i < nodes; i++) lines.push(`  - { source: node${i - 1}, target: node${i} }`);
  writeFileSync(join(dir, "baton.yaml"), `${lines.join("\n")}\n`);
}
