import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median, printReport } from "./report.js";
import { writeSpec } from "./mock/spec-100.js";
import { children, ensureDebian, freePort, pinned, startPortPrinter, wrk } from "./tools.js";

// `npm run bench:mock` — issue 5's targets, side by side in one run: the shop's orders
// contract served by Stoplight Prism (installed here on first use, never a dependency), by
// Baton's mock (behind its adapter, request validation on) and by a hand-written Node server
// returning the same JSON; wrk on core 0, each server alone on core 1. Then the time to boot
// mocks for a 100-path spec, Baton and Prism.

const PRISM_VERSION = "5.14.2"; // the newest Prism that runs on Node 20 (5.15+ needs Node 24)
const ROUNDS = 3;
const SECONDS = 4;
const CONNECTIONS = 50;
const PATH = "/orders/ord_7Hq2Xk";
const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(here, "..", "..");
const spec = join(root, "examples/shop/contracts/orders.yaml");

ensureDebian([["wrk", "wrk"]]);

/** Prism's CLI, installed into .bench-cache/ on first use. */
function ensurePrism(): string {
  const dir = join(root, ".bench-cache", `prism-${PRISM_VERSION}`);
  const bin = join(dir, "node_modules", ".bin", "prism");
  if (existsSync(bin)) return bin;
  console.log(`installing @stoplight/prism-cli@${PRISM_VERSION} into ${dir}…`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
  const r = spawnSync(
    "npm",
    ["install", "--no-audit", "--no-fund", `@stoplight/prism-cli@${PRISM_VERSION}`],
    { cwd: dir, stdio: "inherit" },
  );
  if (r.status !== 0 || !existsSync(bin)) throw new Error("could not install Prism");
  return bin;
}

/** Starts Prism on core 1 for `file`; resolves with its port once it answers `path`. */
async function startPrism(
  bin: string,
  file: string,
  path: string,
): Promise<{ port: number; bootMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const [cmd, argv] = pinned(1, bin, ["mock", "-p", String(port), "-h", "127.0.0.1", file]);
  children.push(spawn(cmd, argv, { stdio: "ignore" }));
  for (let i = 0; i < 600; i++) {
    const r = await fetch(`http://127.0.0.1:${port}${path}`).catch(() => null);
    if (r !== null) {
      await r.arrayBuffer();
      return { port, bootMs: performance.now() - started };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("Prism did not start");
}

const prismBin = ensurePrism();
const node = process.execPath;
const runMock = join(here, "mock", "run-mock.js");
const prism = await startPrism(prismBin, spec, PATH);
const baton = await startPortPrinter(1, node, [runMock, "baton", spec]);
const example = await (await fetch(`http://127.0.0.1:${baton}${PATH}`)).text();
const hand = await startPortPrinter(1, node, [runMock, "hand", example]);
const prismBody = await (await fetch(`http://127.0.0.1:${prism.port}${PATH}`)).text();
if (JSON.stringify(JSON.parse(prismBody)) !== JSON.stringify(JSON.parse(example)))
  throw new Error(`Prism and Baton answer differently:\n${prismBody}\n${example}`);

// Prism goes last in each round, then rests: it is still working off its backlog for a
// while after wrk stops, which would otherwise be charged to whoever comes next on its core.
const targets = { baton, hand, prism: prism.port };
const rps: Record<string, number[]> = {};
const p99: Record<string, number[]> = {};
let errors = 0;
for (const port of Object.values(targets)) wrk(port, CONNECTIONS, 1, PATH); // warm-up
await new Promise((resolve) => setTimeout(resolve, 3_000));
for (let round = 0; round < ROUNDS; round++)
  for (const [name, port] of Object.entries(targets)) {
    const r = wrk(port, CONNECTIONS, SECONDS, PATH);
    (rps[name] ??= []).push(r.rps);
    (p99[name] ??= []).push(r.p99Ms);
    errors += r.errors;
    if (name === "prism") await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
for (const c of children.splice(0)) c.kill("SIGTERM");

// Boot of a 100-path spec: Baton in a fresh process (load, compile, listen, answer each path
// once), Prism from spawn to its first answer.
const dir = mkdtempSync(join(tmpdir(), "baton-bench-mock-"));
const big = writeSpec(dir, 100);
const boot = spawnSync(node, [runMock, "boot", big.file, big.paths.join(",")], {
  encoding: "utf8",
});
if (boot.status !== 0) throw new Error(`boot run failed: ${boot.stderr}`);
const batonBoot = JSON.parse(boot.stdout.trim().split("\n").at(-1) as string) as {
  bootMs: number;
  readyMs: number;
};
const prismBoot = await startPrism(prismBin, big.file, big.paths[0] as string);
for (const c of children.splice(0)) c.kill("SIGTERM");
rmSync(dir, { recursive: true, force: true });

const m = (xs: Record<string, number[]>, k: string) => median(xs[k] ?? [NaN]);
const overPrism = m(rps, "baton") / m(rps, "prism");
const overHand = m(rps, "baton") / m(rps, "hand");
const met = overPrism >= 10 && m(p99, "baton") < m(p99, "prism") && errors === 0;
const f = (v: number, d = 0) => v.toFixed(d);
printReport(
  {
    bench: "mock",
    figures: {
      prismRps: m(rps, "prism"),
      batonRps: m(rps, "baton"),
      handRps: m(rps, "hand"),
      prismP99Ms: m(p99, "prism"),
      batonP99Ms: m(p99, "baton"),
      handP99Ms: m(p99, "hand"),
      batonBoot100Ms: batonBoot.bootMs,
      batonReady100Ms: batonBoot.readyMs,
      prismBoot100Ms: prismBoot.bootMs,
      errors,
    },
    ratios: { overPrism, overHand },
    targets: { overPrism: ">= 10 (requests/s, validation on)", batonP99Ms: "< Prism's p99" },
    met,
  },
  [
    `GET ${PATH} at ${CONNECTIONS} connections, requests/s (p99 ms): Prism ${f(m(rps, "prism"))} (${f(m(p99, "prism"), 1)}), Baton ${f(m(rps, "baton"))} (${f(m(p99, "baton"), 2)}), hand-written ${f(m(rps, "hand"))} (${f(m(p99, "hand"), 2)})`,
    `Baton = ${f(overPrism, 1)}x Prism (target >= 10, lower p99), ${f(overHand, 2)}x the hand-written server`,
    `boot of a 100-path spec: Baton ${f(batonBoot.bootMs)} ms to listen, ${f(batonBoot.readyMs)} ms to have answered every path once; Prism ${f(prismBoot.bootMs)} ms to its first answer`,
    `errors seen by wrk: ${errors}`,
  ],
);
process.exit(0);
