import { join } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { STATE_DIR } from "../../circuit/index.js";
import { EVENTS_FILE, followEvents, type CustodianEvent } from "../../runtime/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";
import { inertText } from "../render/inert-text.js";

/**
 * `baton watch [--last N] [--json]`: the custodian's decisions as they are made (restarts,
 * mocks, escalations, recoveries), read from `.baton/events.jsonl`, until Ctrl-C.
 */
export function watchCommand(io: CliIo): Command {
  return new Command("watch")
    .description("print the custodian's decisions as they are made, until Ctrl-C")
    .option("-n, --last <n>", "first print the last N decisions already made", parseCount, 0)
    .option("--json", "print each decision as one JSON object")
    .action(async function (this: Command) {
      const ctx = contextOf(io, this);
      const { last } = this.opts<{ last: number }>();
      const file = join(ctx.dir, STATE_DIR, EVENTS_FILE);
      const print = (event: CustodianEvent): void =>
        io.out(ctx.json ? `${JSON.stringify(event)}\n` : formatEvent(event));
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      io.err("watching the custodian's decisions (Ctrl-C stops)\n");
      try {
        await followEvents(file, print, controller.signal, last);
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
}

/** `2026-11-23T19:58:01.000Z orders restart (3 failed probes: …): started again (pid 4242)`. */
export function formatEvent(e: CustodianEvent): string {
  const when = new Date(e.atMs);
  const time = Number.isNaN(when.getTime()) ? String(e.atMs) : when.toISOString();
  const outcome = e.ok ? e.detail : `FAILED: ${e.detail}`;
  return `${time} ${inertText(`${e.node} ${e.action} (${e.reason}): ${outcome}`)}\n`;
}

function parseCount(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new InvalidArgumentError(
      `${JSON.stringify(value.slice(0, 20))} is not a whole number, e.g. 20`,
    );
  return n;
}
