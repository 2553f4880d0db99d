import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { seededRandom, systemClock } from "../src/common/index.js";
import { Conductor, RUNTIME_INSTRUMENTS } from "../src/runtime/conductor/index.js";
import { CircuitRuntime, type RuntimeNode } from "../src/runtime/circuit/index.js";
import { formatCommandLine } from "../src/runtime/supervisor/index.js";
import { median, printReport } from "./report.js";
import { chainContract } from "./runtime/chain-circuit.js";
import { children, pinned, which } from "./tools.js";

// `npm run bench:runtime` — issue 6's two targets:
//  1. up: a generated 50-node circuit (a chain of callers, each node with its own OpenAPI
//     contract) brought up fully mocked, from nothing to every adapter serving (< 1 s).
//  2. swap under load: the same circuit with a live service slotted into its ingress node;
//     50 keep-alive connections load that node's adapter for 20 s, and 8 s in the service is
//     swapped for another (tagged differently). Target: 0 failed requests; reported: p99 of the
//     requests started during the swap (start of the new service until the old one has drained
//     and stopped) against p99 of those started in the 5 s before it. No contract check runs
//     in the swap: the bench measures swapping, not validation.
// The load generator is its own process (bench/runtime/load.ts), pinned to core 0 with the live
// services (as wrk and the upstream in bench:proxy); this process, the runtime, moves to core 1
// once the up figure is taken.

const NODES = 50;
const ROUNDS = 5;
const SWAP_NODE = "node0";
const LOAD_CONNECTIONS = 50;
const LOAD_SECONDS = 20;
const SWAP_AT_MS = 8_000;
const BEFORE_MS = 5_000;
const here = fileURLToPath(new URL(".", import.meta.url));

const dir = mkdtempSync(join(tmpdir(), "baton-bench-runtime-"));
const nodes: RuntimeNode[] = [];
for (let i = 0; i < NODES; i++) {
  writeFileSync(join(dir, `node${i}.yaml`), chainContract(i));
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

/** A conductor and a runtime for the generated circuit, on ports the OS chooses. */
function startRuntime(seed: number): { conductor: Conductor; rt: CircuitRuntime } {
  const conductor = new Conductor({
    clock: systemClock,
    random: seededRandom(seed),
    instruments: RUNTIME_INSTRUMENTS,
  });
  conductor.start();
  const rt = new CircuitRuntime({
    dir,
    nodes,
    edges,
    conductor,
    clock: systemClock,
    random: seededRandom(seed),
    portOf: () => 0,
  });
  return { conductor, rt };
}

const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const { conductor, rt } = startRuntime(round);
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
const upMs = median(times);

// --- 2. swap under continuous load ---

/** Epoch ms with sub-ms precision: the time base this process and the load generator share. */
const epochNow = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The p-th percentile (nearest rank) of a non-empty list; NaN for an empty one. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** What the load generator prints when the load ends (see bench/runtime/load.ts). */
interface LoadResult {
  readonly starts: number[];
  readonly latencies: number[];
  readonly statuses: number[];
  readonly tags: number[];
  readonly tagNames: string[];
  readonly errors: string[];
}

const taskset = which("taskset");
if (taskset !== null)
  spawnSync(taskset, ["-a", "-cp", "1", String(process.pid)], { stdio: "ignore" });

/** The bench's live service tagged `tag`, pinned to core 0 (the exec keeps its pid). */
const service = (tag: string): { command: string; cwd: string } => {
  const [program, args] = pinned(0, process.execPath, [
    join(here, "runtime", "live-service.js"),
    tag,
  ]);
  return { command: formatCommandLine({ program, args }), cwd: here };
};

const { conductor, rt } = startRuntime(ROUNDS);
let load: LoadResult;
let loadStartedAt: number;
let swapStart: number;
let swapEnd: number;
const stepsAt: { step: string; ms: number }[] = [];
try {
  const up = await rt.up();
  if (!up.ok) throw new Error(`up failed at ${up.failed?.name}: ${up.failed?.error}`);
  const slotted = await rt.slot(SWAP_NODE, service("v1"));
  if (!slotted.ok)
    throw new Error(`slot failed at ${slotted.failed?.name}: ${slotted.failed?.error}`);
  const port = rt.status().find((n) => n.name === SWAP_NODE)?.port as number;

  const [cmd, argv] = pinned(0, process.execPath, [
    join(here, "runtime", "load.js"),
    `http://127.0.0.1:${port}/items/x1`,
    String(LOAD_CONNECTIONS),
    String(LOAD_SECONDS),
  ]);
  const loader = spawn(cmd, argv, { stdio: ["ignore", "pipe", "inherit"] });
  children.push(loader);
  const exited = new Promise<number | null>((resolve) => loader.once("exit", resolve));
  const lines = createInterface({ input: loader.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done === true) throw new Error(`the load generator exited early (${await exited})`);
    return line.value;
  };
  loadStartedAt = (JSON.parse(await nextLine()) as { startedAt: number }).startedAt;

  await sleep(loadStartedAt + SWAP_AT_MS - epochNow());
  swapStart = epochNow();
  const swapped = await rt.swap(SWAP_NODE, service("v2"), (p) => {
    if (p.event === "completed") stepsAt.push({ step: p.step, ms: epochNow() - swapStart });
  });
  swapEnd = epochNow();
  if (!swapped.ok)
    throw new Error(`swap failed at ${swapped.failed?.name}: ${swapped.failed?.error}`);

  load = JSON.parse(await nextLine()) as LoadResult;
  const code = await exited;
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
} finally {
  await rt.down(1_000);
  await conductor.stop();
  rmSync(dir, { recursive: true, force: true });
}

const total = load.statuses.length;
const failed = load.statuses.filter((s) => s !== 200).length;
const startOf = (i: number): number => loadStartedAt + (load.starts[i] as number);
const latenciesWhere = (keep: (start: number) => boolean): number[] =>
  load.latencies.filter((_, i) => keep(startOf(i)));
const before = latenciesWhere((t) => t >= swapStart - BEFORE_MS && t < swapStart);
const during = latenciesWhere((t) => t >= swapStart && t <= swapEnd);
const p99BeforeMs = percentile(before, 99);
const p99DuringMs = percentile(during, 99);
const swapMs = swapEnd - swapStart;
// Switched: everything started before the swap was answered by v1, everything started after it
// by v2, and both answered something.
const tagsWhere = (keep: (start: number) => boolean): Set<string> =>
  new Set(load.tags.flatMap((t, i) => (keep(startOf(i)) ? [load.tagNames[t] ?? "none"] : [])));
const tagsBefore = tagsWhere((t) => t < swapStart);
const tagsAfter = tagsWhere((t) => t > swapEnd);
const switched = [...tagsBefore].join() === "v1" && [...tagsAfter].join() === "v2" ? 1 : 0;
const ms = (v: number): string => `${v.toFixed(1)} ms`;

printReport(
  {
    bench: "runtime",
    figures: {
      upMs,
      nodes: NODES,
      swapRequests: total,
      swapFailed: failed,
      p99BeforeSwapMs: p99BeforeMs,
      p99DuringSwapMs: p99DuringMs,
      swapMs,
      swapSwitched: switched,
    },
    ratios: { p99DuringVsBefore: p99DuringMs / p99BeforeMs },
    targets: {
      upMs: "< 1000 ms for 50 nodes, fully mocked",
      swapFailed: `0 failed requests swapping under load (${LOAD_CONNECTIONS} connections, ${LOAD_SECONDS} s)`,
    },
    met: upMs < 1000 && failed === 0,
  },
  [
    `up, fully mocked, ${NODES} nodes in a caller chain (median of ${ROUNDS}): ${upMs.toFixed(0)} ms (target < 1000: ${upMs < 1000 ? "met" : "NOT met"})`,
    `swap of ${SWAP_NODE} under load (${LOAD_CONNECTIONS} keep-alive connections, ${LOAD_SECONDS} s, swap at ${SWAP_AT_MS / 1000} s): ${total} requests (${(total / LOAD_SECONDS).toFixed(0)}/s), ${failed} failed (target 0: ${failed === 0 ? "met" : "NOT met"})`,
    ...load.errors.map((e) => `  error: ${e}`),
    `  swap took ${ms(swapMs)}: ${stepsAt.map((s) => `${s.step} +${s.ms.toFixed(0)}`).join("; ")}`,
    `  p99 before the swap (${before.length} requests in the ${BEFORE_MS / 1000} s before): ${ms(p99BeforeMs)}`,
    `  p99 during the swap (${during.length} requests): ${ms(p99DuringMs)} (${(p99DuringMs / p99BeforeMs).toFixed(2)}× before)`,
    `  answers switched from v1 to v2: ${switched === 1 ? "yes" : `NO (before: ${[...tagsBefore].join(", ")}; after: ${[...tagsAfter].join(", ")})`}`,
  ],
);
process.exit(0);
