import { Command } from "commander";
import { systemClock, systemRandom } from "../../common/index.js";
import { Owner } from "../../runtime/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";
import { renderTable } from "../render/table.js";

/**
 * `baton up [--mock] [--live a,b]`: starts the project's owner in the foreground — every node's
 * adapter, backed by its mock — and serves until Ctrl-C (a graceful down) or `baton down`.
 */
export function upCommand(io: CliIo): Command {
  return new Command("up")
    .description("start the circuit in the foreground: every node's adapter, backed by its mock")
    .option("--mock", "back every node with its mock (the default)")
    .option(
      "--live <nodes>",
      "comma-separated nodes left for live services (no mock: 503 until one is slotted)",
    )
    .action(async function (this: Command) {
      const ctx = contextOf(io, this);
      const options = this.opts<{ live?: string }>();
      const live = (options.live ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      const owner = await Owner.start({
        dir: ctx.dir,
        live,
        clock: systemClock,
        random: systemRandom,
        say: (line) => io.out(`${line}\n`),
      });
      // Signals are handled before the ready lines go out: whoever reads them may stop us.
      const stop = (): void => void owner.stop();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      const status = owner.status();
      io.out(`Circuit ${status.circuit} is up (${status.level}); send requests to:\n`);
      io.out(
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
        ),
      );
      io.out("Ctrl-C (or `baton down`) stops it.\n");
      await owner.stopped;
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      io.out(`Circuit ${status.circuit} is down.\n`);
    });
}
