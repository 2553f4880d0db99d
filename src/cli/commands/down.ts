import { existsSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { STATE_DIR } from "../../circuit/index.js";
import { AdminClient } from "../../client/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";

/** How long `down` waits for the owner to finish stopping, ms. */
const DOWN_WAIT_MS = 60_000;

/**
 * `baton down`: asks the running owner to stop (drain adapters, stop services and mocks, free
 * the lock) and waits until it has.
 */
export function downCommand(io: CliIo): Command {
  return new Command("down")
    .description("stop the running circuit: drain adapters, stop services, free the project")
    .action(async function (this: Command) {
      const ctx = contextOf(io, this);
      const client = AdminClient.forProject(join(ctx.dir, STATE_DIR));
      await client.down();
      io.out("stopping…\n");
      const until = performance.now() + DOWN_WAIT_MS;
      const lock = join(ctx.dir, STATE_DIR, "owner.lock");
      // The owner closes its admin socket first and frees the lock last: wait for both.
      while (performance.now() < until) {
        const running = await client.status().then(
          () => true,
          () => false,
        );
        if (!running && !existsSync(lock)) {
          io.out("the circuit is down\n");
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      io.err("the owner did not stop within 60 s; it may still be draining\n");
      process.exitCode = 1;
    });
}
