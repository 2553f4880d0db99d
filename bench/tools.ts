import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { delimiter, join } from "node:path";
import { createInterface } from "node:readline";

// What the load benchmarks share: Debian tools installed on demand, core pinning, child
// processes that print their port, and wrk runs parsed into numbers.

/** The path of `bin` on PATH (or /usr/sbin, /sbin), or null. */
export function which(bin: string): string | null {
  const dirs = [...(process.env["PATH"] ?? "").split(delimiter), "/usr/sbin", "/sbin"];
  for (const d of dirs) if (d !== "" && existsSync(join(d, bin))) return join(d, bin);
  return null;
}

/** Installs the Debian packages of missing binaries (`[binary, package]` pairs). */
export function ensureDebian(tools: readonly (readonly [string, string])[]): void {
  const missing = tools.filter(([bin]) => which(bin) === null);
  if (missing.length === 0) return;
  console.log(`installing ${missing.map(([, p]) => p).join(", ")} from Debian…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const r = spawnSync("apt-get", ["install", "-y", "-qq", ...missing.map(([, p]) => p)], {
    stdio: "inherit",
    env,
  });
  if (r.status !== 0) throw new Error(`could not install ${missing.map(([, p]) => p).join(", ")}`);
}

/** Children started by the bench; stopped with SIGTERM when it exits. */
export const children: ChildProcess[] = [];
// SIGTERM, not SIGKILL: nginx's master stops its worker only when it is told to stop.
process.on("exit", () => {
  for (const c of children) c.kill("SIGTERM");
});

/** `cmd args` pinned to `core` when taskset exists. */
export function pinned(core: number, cmd: string, args: string[]): [string, string[]] {
  const taskset = which("taskset");
  return taskset === null ? [cmd, args] : [taskset, ["-c", String(core), cmd, ...args]];
}

/** Starts `cmd` on `core`; it prints its port as its first line, which this resolves with. */
export async function startPortPrinter(core: number, cmd: string, args: string[]): Promise<number> {
  const [bin, argv] = pinned(core, cmd, args);
  const child = spawn(bin, argv, { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) if (/^\d+$/.test(line.trim())) return Number(line.trim());
  throw new Error(`${cmd} ${args.join(" ")} exited before printing its port`);
}

/** A port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What one wrk run measured. */
export interface WrkResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

function toMs(v: string, unit: string): number {
  const n = Number(v);
  return unit === "us" ? n / 1000 : unit === "ms" ? n : unit === "s" ? n * 1000 : NaN;
}

/** wrk on core 0 against 127.0.0.1:`port``path` with `connections` for `seconds`. */
export function wrk(port: number, connections: number, seconds: number, path = "/"): WrkResult {
  const bin = which("wrk");
  if (bin === null) throw new Error("wrk is not installed");
  const [cmd, argv] = pinned(0, bin, [
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    "--latency",
    `http://127.0.0.1:${port}${path}`,
  ]);
  const out = spawnSync(cmd, argv, { encoding: "utf8" }).stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const pct = (p: string): number => {
    const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    return m === null ? NaN : toMs(m[1] as string, m[2] as string);
  };
  const errors =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) +
    [...out.matchAll(/(connect|read|write|timeout) (\d+)/g)].reduce((s, m) => s + Number(m[2]), 0);
  return { rps, p50Ms: pct("50"), p99Ms: pct("99"), errors };
}
