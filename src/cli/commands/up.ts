import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import type { StatusResponse } from "../../api/index.js";
import { STATE_DIR } from "../../circuit/index.js";
import { AdminClient } from "../../client/index.js";
import { BatonError, systemClock, systemRandom } from "../../common/index.js";
import { Owner } from "../../runtime/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";
import { progressPrinter } from "../render/progress.js";
import { renderTable } from "../render/table.js";

/**
 * `baton up [--mock] [--live a,b]`: starts the project's owner in the foreground — every node's
 * adapter, backed by its mock — and serves until Ctrl-C (a graceful down) or `baton down`.
 */
export function upCommand(io: CliIo): Command {
  return new Command("up")
    .description("start the circuit in the foreground: every node's adapter, backed by its mock")
    .option(
      "--mock",
      "back every node with its mock, also after a crash (default: a killed owner's services are started again)",
    )
    .option(
      "--live <nodes>",
      "comma-separated nodes left for live services (no mock: 503 until one is slotted)",
    )
    .option("--detach", "run in the background (log in .baton/owner.log); return once it is up")
    .action(async function (this: Command) {
      const ctx = contextOf(io, this);
      const options = this.opts<{ live?: string; detach?: boolean; mock?: boolean }>();
      if (options.detach === true) {
        io.out(renderUp(await detach(ctx.dir, options.live, options.mock === true)));
        io.out("`baton down` stops it.\n");
        return;
      }
      const live = (options.live ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      // A signal while the circuit comes up stops it once it is up (the boot is short), so the
      // lock and every child are released, never left to a stale-lock takeover.
      let owner: Owner | null = null;
      let interrupted = false;
      const stop = (): void => {
        interrupted = true;
        void owner?.stop();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      try {
        owner = await Owner.start({
          dir: ctx.dir,
          live,
          clock: systemClock,
          random: systemRandom,
          say: (line) => io.out(`${line}\n`),
          progress: progressPrinter(io),
          restore: options.mock !== true,
        });
        const status = await owner.status();
        if (interrupted) await owner.stop();
        else {
          io.out(renderUp(status));
          io.out("Ctrl-C (or `baton down`) stops it.\n");
        }
        await owner.stopped;
        io.out(`Circuit ${status.circuit} is down.\n`);
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
}

/** Where each node listens, as `up` prints it. */
function renderUp(status: StatusResponse): string {
  return (
    `Circuit ${status.circuit} is up (${status.level}); send requests to:\n` +
    renderTable(
      ["node", "role", "address", "backend"],
      status.nodes.map((n) => [
        n.name,
        n.role,
        n.protocol === "http" || n.protocol === "soap"
          ? `http://${n.host}:${n.port}`
          : `${n.protocol}://${n.host}:${n.port}`,
        n.backend,
      ]),
    )
  );
}

/** How long `up --detach` waits for the background owner to be up, ms. */
const DETACH_WAIT_MS = 60_000;

/**
 * Starts the owner as a background process (its output in `.baton/owner.log`) and waits until
 * its admin API answers — or until it exits, then its log's last lines say why.
 */
async function detach(
  dir: string,
  live: string | undefined,
  mock: boolean,
): Promise<StatusResponse> {
  const stateDir = join(dir, STATE_DIR);
  mkdirSync(stateDir, { recursive: true });
  const logFile = join(stateDir, "owner.log");
  const log = openSync(logFile, "a", 0o600);
  const main = fileURLToPath(new URL("../main.js", import.meta.url));
  const args = [
    ...[main, "up", "--dir", dir],
    ...(live === undefined ? [] : ["--live", live]),
    ...(mock ? ["--mock"] : []),
  ];
  const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", log, log] });
  closeSync(log);
  let exited = false;
  child.once("exit", () => (exited = true));
  child.unref();
  const client = AdminClient.forProject(stateDir);
  const until = performance.now() + DETACH_WAIT_MS;
  while (performance.now() < until) {
    const status = await client.status().catch(() => null);
    if (status !== null && status.pid === child.pid) return status;
    if (exited) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!exited) child.kill("SIGTERM");
  const tail = readFileSync(logFile, "utf8").trim().split("\n").slice(-3).join(" | ");
  throw new BatonError("E_STEP_FAILED", `the background owner did not come up: ${tail}`, {
    hint: `see ${logFile}`,
    location: { file: logFile },
  });
}
