import { stat } from "node:fs/promises";
import { join } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { STATE_DIR } from "../../circuit/index.js";
import { BatonError, didYouMean, isBatonError } from "../../common/index.js";
import {
  followLogs,
  listLogFiles,
  readLogs,
  SEVERITIES,
  type LogQuery,
  type LogRecord,
  type Severity,
} from "../../runtime/index.js";
import { parseNodeName } from "../arguments.js";
import { contextOf, loadProject, type CommandContext } from "../context.js";
import type { CliIo } from "../io.js";
import { displayPath } from "../render/diagnostic.js";
import { inertText } from "../render/inert-text.js";
import { formatRecord, recordJson } from "./logs-format.js";

/** The owner's LogWriter folder inside the project's state folder (`.baton/logs`). */
const LOGS_FOLDER = "logs";
/** Records joined into one write when printing what is stored. */
const WRITE_BATCH = 512;

interface LogsOptions {
  node?: string;
  level?: Severity;
  last?: number;
  follow?: boolean;
}

/**
 * `baton logs [--node N] [--level L] [--last N] [--follow] [--json]`: the live services' output
 * as the owner stored it under `.baton/logs`, read from the files, so it works with no owner.
 */
export function logsCommand(io: CliIo): Command {
  return new Command("logs")
    .description("print the live services' output stored in .baton/logs (no owner needed)")
    .option("--node <node>", "only this node's output", parseNodeName)
    .option(
      "--level <level>",
      `only lines this serious or more: ${SEVERITIES.join(", ")}`,
      parseLevel,
    )
    .option("-n, --last <n>", "only the last N lines", parseLast)
    .option("-f, --follow", "keep printing new lines as they are written, until Ctrl-C")
    .option("--json", "print each line as one JSON object")
    .action(async function (this: Command) {
      const ctx = contextOf(io, this);
      const options = this.opts<LogsOptions>();
      endOnBrokenPipe();
      const dir = join(ctx.dir, STATE_DIR, LOGS_FOLDER);
      const query: LogQuery = {
        node: options.node,
        minSeverity: options.level,
        last: options.last,
      };
      if (options.node !== undefined) await checkNode(ctx, dir, options.node);
      const render = ctx.json ? recordJson : formatRecord;
      if (!(await isFolder(dir))) {
        const waiting = options.follow === true ? "; waiting for them" : "";
        io.err(`no logs yet in ${displayPath(dir, io.cwd)} (slot a service first)${waiting}\n`);
        if (options.follow !== true) return;
      }
      if (options.follow === true) {
        await followUntilSignal(dir, query, (record) => io.out(render(record)), reporter(io));
        return;
      }
      const records = await readLogs(dir, query);
      for (let i = 0; i < records.length; i += WRITE_BATCH)
        io.out(
          records
            .slice(i, i + WRITE_BATCH)
            .map(render)
            .join(""),
        );
    });
}

/**
 * Prints the selected records (all when `query.last` is unset), then each new one, until SIGINT
 * or SIGTERM; the signal handlers are removed before it resolves.
 */
async function followUntilSignal(
  dir: string,
  query: LogQuery,
  print: (record: LogRecord) => void,
  report: (error: unknown) => void,
): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await followUntil(controller.signal, dir, query, print, report);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/** `followLogs` from the start of the selection until `signal` aborts. */
export async function followUntil(
  signal: AbortSignal,
  dir: string,
  query: LogQuery,
  print: (record: LogRecord) => void,
  report: (error: unknown) => void,
): Promise<void> {
  if (signal.aborted) return;
  const last = query.last ?? Number.MAX_SAFE_INTEGER; // the backlog, then what comes
  const follower = followLogs(dir, { ...query, last }, print, { onError: report });
  await new Promise<void>((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true }),
  );
  follower.stop();
}

let pipeWatched = false;

/**
 * Ends the process quietly once stdout's reader has gone (`baton logs | head`), as SIGPIPE ends
 * `cat` or `tail -f`, instead of an unhandled EPIPE with a stack (or following on for nobody).
 */
function endOnBrokenPipe(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  process.stdout.on("error", (error) => {
    if ((error as { code?: unknown }).code !== "EPIPE") throw error;
    process.exit(0);
  });
}

/** Refuses a node that neither baton.yaml declares nor has a log file. */
async function checkNode(ctx: CommandContext, dir: string, node: string): Promise<void> {
  const logged = [...(await listLogFiles(dir)).keys()];
  if (logged.includes(node)) return;
  const declared = declaredNodes(ctx);
  if (declared.includes(node)) return;
  const names = [...new Set([...declared, ...logged])];
  const hint =
    didYouMean(node, names) ||
    (names.length > 0 ? `nodes: ${names.join(", ")}` : "`baton status` lists the nodes");
  throw new BatonError(
    "E_NODE_NOT_FOUND",
    `no node '${node}' in the circuit and no log of it in ${displayPath(dir, ctx.io.cwd)}`,
    { hint: inertText(hint) },
  );
}

/** The nodes baton.yaml declares; none when it is missing or invalid (logs stay readable). */
function declaredNodes(ctx: CommandContext): string[] {
  try {
    return loadProject(ctx).config.nodes.map((n) => n.name);
  } catch (error) {
    if (isBatonError(error)) return [];
    throw error;
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Reports read errors while following, each distinct one once (the poll repeats them). */
function reporter(io: CliIo): (error: unknown) => void {
  const seen = new Set<string>();
  return (error) => {
    const message = inertText(error instanceof Error ? error.message : String(error));
    if (seen.has(message)) return;
    seen.add(message);
    io.err(`cannot read the logs (still following): ${message}\n`);
  };
}

/** Parses --level: one of the severity names, any case. */
function parseLevel(value: string): Severity {
  const level = SEVERITIES.find((s) => s === value.toLowerCase());
  if (level === undefined)
    throw new InvalidArgumentError(
      `'${shown(value)}' is not a log level; use one of ${SEVERITIES.join(", ")}`,
    );
  return level;
}

/** Parses --last: a whole number from 1 up. */
function parseLast(value: string): number {
  const count = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1)
    throw new InvalidArgumentError(
      `'${shown(value)}' is not a number of lines; use a whole number from 1 up, e.g. 100`,
    );
  return count;
}

/** A user's value on one line, controls escaped. */
function shown(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
