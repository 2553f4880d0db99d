import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom, systemClock } from "../src/common/index.js";
import { Conductor, RUNTIME_INSTRUMENTS } from "../src/runtime/conductor/index.js";
import { CircuitRuntime, type RuntimeNode } from "../src/runtime/circuit/index.js";
import { median, printReport } from "./report.js";

// `npm run bench:runtime` — issue 6's targets, as far as they are built: a generated 50-node
// circuit (a chain of callers, each node with its own OpenAPI contract) brought up fully
// mocked, from nothing to every adapter serving. The swap under load needs `swap`, which is
// not built yet: the bench says so instead of printing a number.

const NODES = 50;
const ROUNDS = 5;

function contract(i: number): string {
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

const dir = mkdtempSync(join(tmpdir(), "baton-bench-runtime-"));
const nodes: RuntimeNode[] = [];
for (let i = 0; i < NODES; i++) {
  writeFileSync(join(dir, `node${i}.yaml`), contract(i));
  nodes.push({
    name: `node${i}`,
    role: i === 0 ? "ingress" : "service",
    proxy_mode: "http",
    host: "127.0.0.1",
    port: 0,
    contract: `node${i}.yaml`,
  });
}
// Each node calls the next: the longest possible dependency chain for "callees first".
const edges = nodes.slice(1).map((n, i) => ({ source: `node${i}`, target: n.name }));

const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const conductor = new Conductor({
    clock: systemClock,
    random: seededRandom(round),
    instruments: RUNTIME_INSTRUMENTS,
  });
  conductor.start();
  const rt = new CircuitRuntime({
    dir,
    nodes,
    edges,
    conductor,
    clock: systemClock,
    random: seededRandom(round),
    portOf: () => 0,
  });
  const started = performance.now();
  const result = await rt.up();
  const ready = performance.now() - started;
  if (!result.ok) throw new Error(`up failed at ${result.failed?.name}: ${result.failed?.error}`);
  const last = rt.status().at(-1);
  const r = await fetch(`http://127.0.0.1:${last?.port}/items/x1`);
  if (r.status !== 200) throw new Error(`node answered ${r.status}`);
  await r.arrayBuffer();
  times.push(ready);
  await rt.down(100);
  await conductor.stop();
}
rmSync(dir, { recursive: true, force: true });

const upMs = median(times);
printReport(
  {
    bench: "runtime",
    figures: { upMs, nodes: NODES },
    ratios: {},
    targets: { upMs: "< 1000 ms for 50 nodes, fully mocked" },
    // Not met until the swap figure exists too.
    met: false,
  },
  [
    `up, fully mocked, ${NODES} nodes in a caller chain (median of ${ROUNDS}): ${upMs.toFixed(0)} ms (target < 1000: ${upMs < 1000 ? "met" : "NOT met"})`,
    "swap under load: not built yet (needs `baton swap`, issue 6)",
  ],
);
process.exit(0);
