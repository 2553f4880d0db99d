import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { LogWriter, type LogRecord, type Severity } from "../../src/runtime/logs/index.js";
import { baton, CLI, shopCopy } from "../support/shop-project.js";

// `baton logs` end to end: the built CLI reads the files the owner's LogWriter writes, with no
// owner running. The records are written with the real LogWriter into a copy of the shop.

const T0 = Date.UTC(2026, 10, 23, 18, 0, 0, 123); // 2026-11-23T18:00:00.123Z

function record(node: string, afterMs: number, severity: Severity, text: string): LogRecord {
  return { atMs: T0 + afterMs, node, target: "live", stream: "stdout", severity, text };
}

async function writeLogs(dir: string, records: LogRecord[]): Promise<void> {
  const writer = new LogWriter({ dir: join(dir, ".baton/logs") });
  for (const r of records) writer.append(r);
  await writer.close();
}

/** The shop with two nodes' output stored, and what `baton logs` prints for each record. */
async function shopWithLogs(): Promise<string> {
  const dir = await shopCopy();
  await writeLogs(dir, [
    record("orders", 0, "info", "listening on 4000"),
    record("users", 1000, "debug", "cache warm"),
    record("orders", 2000, "warn", "slow query: 812 ms"),
    record("users", 3000, "error", "TypeError: x is undefined"),
    record("orders", 4000, "info", "GET /orders 200"),
  ]);
  return dir;
}

const LINES = [
  "2026-11-23T18:00:00.123Z orders/live INFO  listening on 4000",
  "2026-11-23T18:00:01.123Z users/live DEBUG cache warm",
  "2026-11-23T18:00:02.123Z orders/live WARN  slow query: 812 ms",
  "2026-11-23T18:00:03.123Z users/live ERROR TypeError: x is undefined",
  "2026-11-23T18:00:04.123Z orders/live INFO  GET /orders 200",
];

/** The output of a successful run, as its lines. */
function ok(dir: string, ...args: string[]): string[] {
  const run = baton(dir, "logs", ...args);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout === "" ? [] : run.stdout.replace(/\n$/, "").split("\n");
}

/** A failed run: exit `status` and one `error[code]` line on stderr, nothing on stdout. */
function fails(dir: string, status: number, code: string, ...args: string[]): string {
  const run = baton(dir, "logs", ...args);
  expect(run.status).toBe(status);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(new RegExp(`^error\\[${code}\\] [^\\n]+\\n$`));
  return run.stderr;
}

describe("baton logs", () => {
  it("prints every node's records merged by time, one line each", async () => {
    const dir = await shopWithLogs();
    expect(ok(dir)).toEqual(LINES);
  });

  it("filters by --node, --level and --last, alone and together", async () => {
    const dir = await shopWithLogs();
    expect(ok(dir, "--node", "orders")).toEqual([LINES[0], LINES[2], LINES[4]]);
    expect(ok(dir, "--level", "warn")).toEqual([LINES[2], LINES[3]]);
    expect(ok(dir, "--level", "INFO")).toEqual([LINES[0], LINES[2], LINES[3], LINES[4]]);
    expect(ok(dir, "--last", "2")).toEqual([LINES[3], LINES[4]]);
    expect(ok(dir, "-n", "99")).toEqual(LINES);
    expect(ok(dir, "--node", "orders", "--level", "info", "--last", "2")).toEqual([
      LINES[2],
      LINES[4],
    ]);
  });

  it("prints --json as one JSON object per record", async () => {
    const dir = await shopWithLogs();
    const out = ok(dir, "--json", "--node", "users");
    expect(out.map((line) => JSON.parse(line) as unknown)).toEqual([
      record("users", 1000, "debug", "cache warm"),
      record("users", 3000, "error", "TypeError: x is undefined"),
    ]);
  });

  it("makes escape sequences and control characters in a service's output inert", async () => {
    const dir = await shopCopy();
    const text = "\u001b[31mred\u001b[0m\rover \u001b]0;title\u0007\u009b2Jend\u0000\u0085";
    await writeLogs(dir, [record("orders", 0, "error", text)]);
    const [line] = ok(dir);
    expect(line).toBe("2026-11-23T18:00:00.123Z orders/live ERROR red\\rover end\\x00\\x85");
    const [json] = ok(dir, "--json");
    // eslint-disable-next-line no-control-regex -- proving there is no raw control character
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect((JSON.parse(json ?? "") as LogRecord).text).toBe(text);
  });

  it("prints nothing when nothing matches, and a note when there is no logs folder", async () => {
    const dir = await shopCopy();
    const none = baton(dir, "logs");
    expect(none.stdout).toBe("");
    expect(none.stderr).toBe("no logs yet in .baton/logs (slot a service first)\n");
    expect(none.status).toBe(0);
    mkdirSync(join(dir, ".baton/logs"), { recursive: true });
    expect(ok(dir)).toEqual([]);
    await writeLogs(dir, [record("orders", 0, "info", "listening on 4000")]);
    expect(ok(dir, "--level", "error")).toEqual([]);
    expect(ok(dir, "--node", "payments")).toEqual([]); // declared in baton.yaml, no log yet
  });

  it("refuses an unknown node, a bad level and a bad count with one-line errors", async () => {
    const dir = await shopWithLogs();
    expect(fails(dir, 1, "E_NODE_NOT_FOUND", "--node", "order")).toMatch(
      /no node 'order' in the circuit and no log of it in \.baton\/logs; did you mean 'orders'\?/,
    );
    expect(fails(dir, 1, "E_NODE_NOT_FOUND", "--node", "zzz")).toMatch(/; nodes: gateway, orders/);
    expect(fails(dir, 2, "E_USAGE", "--node", "Orders")).toMatch(/not a lowercase DNS label/);
    expect(fails(dir, 2, "E_USAGE", "--level", "loud")).toMatch(
      /'loud' is not a log level; use one of debug, info, warn, error/,
    );
    for (const count of ["0", "-3", "2.5", "ten"])
      expect(fails(dir, 2, "E_USAGE", "--last", count)).toMatch(/is not a number of lines/);
  });

  it.each(["SIGINT", "SIGTERM"] as const)(
    "--follow prints the selection, then each new record, and exits 0 on %s",
    async (signal) => {
      const dir = await shopWithLogs();
      const child = spawn(
        process.execPath,
        [CLI, "logs", "--follow", "--node", "orders", "--last", "2", "--dir", dir],
        { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
      );
      onTestFinished(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      });
      let out = "";
      let err = "";
      child.stdout.setEncoding("utf8").on("data", (text: string) => (out += text));
      child.stderr.setEncoding("utf8").on("data", (text: string) => (err += text));
      const closed = new Promise<[number | null, string | null]>((resolve) =>
        child.once("close", (code, killedBy) => resolve([code, killedBy])),
      );
      const waitOptions = { timeout: 10_000, interval: 20 };

      await vi.waitFor(() => expect(out).toContain("GET /orders 200"), waitOptions);
      await writeLogs(dir, [
        record("users", 5000, "info", "not this node"),
        record("orders", 6000, "info", "appended later"),
      ]);
      await vi.waitFor(() => expect(out).toContain("appended later"), waitOptions);
      child.kill(signal);

      expect(await closed).toEqual([0, null]);
      expect(err).toBe("");
      expect(out.replace(/\n$/, "").split("\n")).toEqual([
        LINES[2],
        LINES[4],
        "2026-11-23T18:00:06.123Z orders/live INFO  appended later",
      ]);
    },
  );
});
