import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, printReport } from "./report.js";
import { children, ensureDebian, freePort, pinned, startPortPrinter, which, wrk } from "./tools.js";

// `npm run bench:proxy` — issue 4's targets, side by side in one run: wrk against the upstream
// directly, through nginx (1 worker, keep-alive upstream pool), through Baton's HTTP adapter,
// through a bare Node TCP pipe and through Baton's TCP adapter. wrk and the upstream share core
// 0; every proxy runs alone on core 1. Rounds alternate the targets; figures are medians.

const ROUNDS = 5;
const LOAD_SECONDS = 4;
const LATENCY_SECONDS = 3;
const here = fileURLToPath(new URL(".", import.meta.url));

ensureDebian([
  ["nginx", "nginx-light"],
  ["wrk", "wrk"],
]);
const nginxBin = which("nginx") as string;

/** nginx as a reverse proxy: 1 worker, keep-alive pool to the upstream, no logging. */
async function startNginx(upstream: number): Promise<{ port: number; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "baton-bench-nginx-"));
  for (const d of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, d));
  const port = await freePort();
  const conf = join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(dir, "body")};
  proxy_temp_path ${join(dir, "proxy")};
  fastcgi_temp_path ${join(dir, "fastcgi")};
  uwsgi_temp_path ${join(dir, "uwsgi")};
  scgi_temp_path ${join(dir, "scgi")};
  upstream up { server 127.0.0.1:${upstream}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
  );
  const [cmd, argv] = pinned(1, nginxBin, ["-c", conf, "-p", dir, "-e", join(dir, "error.log")]);
  const child = spawn(cmd, argv, { stdio: "ignore" });
  children.push(child);
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
    if (r?.ok === true) {
      await r.text();
      return { port, dir };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not start (see ${join(dir, "error.log")})`);
}

/** Memory of idle HTTP adapters, measured in a fresh process: MB per node. */
function idleNodeMb(upstream: number): number {
  const r = spawnSync(
    process.execPath,
    ["--expose-gc", join(here, "proxy", "idle-memory.js"), String(upstream)],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`idle-memory failed: ${r.stderr}`);
  return Number(r.stdout.trim().split("\n").at(-1));
}

const upstream = await startPortPrinter(0, process.execPath, [
  join(here, "proxy/upstream.js"),
  ...[],
]);
const nginx = await startNginx(upstream);
const batonHttp = await startPortPrinter(1, process.execPath, [
  join(here, "proxy/run-proxy.js"),
  ...["http", String(upstream)],
]);
const pipe = await startPortPrinter(1, process.execPath, [
  join(here, "proxy/run-proxy.js"),
  ...["pipe", String(upstream)],
]);
const batonTcp = await startPortPrinter(1, process.execPath, [
  join(here, "proxy/run-proxy.js"),
  ...["tcp", String(upstream)],
]);
const targets = { direct: upstream, nginx: nginx.port, batonHttp, pipe, batonTcp };

const load: Record<string, number[]> = {};
const latency: Record<string, { p50: number[]; p99: number[] }> = {};
let errors = 0;
for (const [, port] of Object.entries(targets)) wrk(port, 50, 1); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, port] of Object.entries(targets)) {
    const r = wrk(port, 50, LOAD_SECONDS);
    (load[name] ??= []).push(r.rps);
    errors += r.errors;
  }
  // The bare pipe's latency is Node's own floor on this machine (no parsing at all).
  for (const name of ["direct", "nginx", "batonHttp", "pipe"] as const) {
    const r = wrk(targets[name], 1, LATENCY_SECONDS);
    const l = (latency[name] ??= { p50: [], p99: [] });
    l.p50.push(r.p50Ms);
    l.p99.push(r.p99Ms);
    errors += r.errors;
  }
}
const rps = (name: string) => median(load[name] ?? [NaN]);
const p50 = (name: string) => median(latency[name]?.p50 ?? [NaN]);
const p99 = (name: string) => median(latency[name]?.p99 ?? [NaN]);
const memoryMb = idleNodeMb(upstream);
rmSync(nginx.dir, { recursive: true, force: true });

const httpOverNginx = rps("batonHttp") / rps("nginx");
const addedP50Ms = p50("batonHttp") - p50("direct");
const tcpOverPipe = rps("batonTcp") / rps("pipe");
const met = httpOverNginx >= 0.5 && addedP50Ms <= 0.2 && tcpOverPipe >= 0.9 && memoryMb < 2;
const f = (v: number, d = 0) => v.toFixed(d);
printReport(
  {
    bench: "proxy",
    figures: {
      directRps: rps("direct"),
      nginxRps: rps("nginx"),
      batonHttpRps: rps("batonHttp"),
      pipeRps: rps("pipe"),
      batonTcpRps: rps("batonTcp"),
      directP50Ms: p50("direct"),
      nginxP50Ms: p50("nginx"),
      batonHttpP50Ms: p50("batonHttp"),
      directP99Ms: p99("direct"),
      nginxP99Ms: p99("nginx"),
      batonHttpP99Ms: p99("batonHttp"),
      pipeP50Ms: p50("pipe"),
      pipeP99Ms: p99("pipe"),
      addedP50Ms,
      idleNodeMb: memoryMb,
      errors,
    },
    ratios: {
      httpOverNginx,
      tcpOverPipe,
      nginxAddedP50Ms: p50("nginx") - p50("direct"),
    },
    targets: {
      httpOverNginx: ">= 0.5 (requests/s at 50 connections)",
      addedP50Ms: "<= 0.2 ms at 1 connection",
      tcpOverPipe: ">= 0.9",
      idleNodeMb: "< 2 MB",
    },
    met,
  },
  [
    `requests/s at 50 connections: direct ${f(rps("direct"))}, nginx ${f(rps("nginx"))}, Baton http ${f(rps("batonHttp"))} (${f(httpOverNginx, 2)}x nginx, target >= 0.5)`,
    `tcp: bare Node pipe ${f(rps("pipe"))}, Baton tcp ${f(rps("batonTcp"))} (${f(tcpOverPipe, 2)}x, target >= 0.9)`,
    `latency at 1 connection p50/p99 ms: direct ${f(p50("direct"), 3)}/${f(p99("direct"), 3)}, nginx ${f(p50("nginx"), 3)}/${f(p99("nginx"), 3)}, Baton http ${f(p50("batonHttp"), 3)}/${f(p99("batonHttp"), 3)}; added p50 ${f(addedP50Ms, 3)} ms (target <= 0.2; nginx adds ${f(p50("nginx") - p50("direct"), 3)})`,
    `Node's floor at 1 connection (bare TCP pipe, no HTTP parsing) p50/p99 ms: ${f(p50("pipe"), 3)}/${f(p99("pipe"), 3)}`,
    `memory per idle node: ${f(memoryMb, 2)} MB (target < 2)`,
    `errors seen by wrk: ${errors}`,
  ],
);
process.exit(0);
