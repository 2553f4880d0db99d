import { appendFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { encodeLogRecord, type LogRecord } from "./log-record.js";
import { readLogs } from "./log-reader.js";
import { LogWriter } from "./log-writer.js";
import type { Severity } from "./severity.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "baton-logs-"));
  dirs.push(dir);
  return dir;
}

function record(atMs: number, node = "api", severity: Severity = "info"): LogRecord {
  return { atMs, node, target: "live", stream: "stdout", severity, text: `line ${atMs}` };
}

/** Writes `records` through a LogWriter that rotates every three lines (all lines equal length). */
async function written(records: LogRecord[], maxFiles = 10): Promise<string> {
  const dir = await tempDir();
  const lineBytes = encodeLogRecord(record(100)).length + 1;
  const writer = new LogWriter({ dir, maxFileBytes: lineBytes * 3, maxFiles });
  for (const r of records) writer.append(r);
  await writer.close();
  return dir;
}

const atMs = (records: LogRecord[]) => records.map((r) => r.atMs);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("readLogs", () => {
  it("reads rotated files before the current one, oldest first", async () => {
    const dir = await written(range(100, 111).map((t) => record(t)));
    expect(atMs(await readLogs(dir, { node: "api" }))).toEqual(range(100, 111));
  });

  it("merges nodes by time and keeps each node's own order where its clock stepped back", async () => {
    const dir = await written([
      record(100, "api"),
      record(101, "db"),
      record(103, "api"),
      record(102, "api"), // the wall clock stepped back
      record(104, "db"),
    ]);
    const all = await readLogs(dir);
    expect(all.map((r) => `${r.node}@${r.atMs}`)).toEqual([
      "api@100",
      "db@101",
      "api@103",
      "api@102",
      "db@104",
    ]);
    expect(atMs(await readLogs(dir, { node: "db" }))).toEqual([101, 104]);
  });

  it("filters by severity, then keeps the last N", async () => {
    const severities: Severity[] = ["debug", "info", "warn", "error"];
    const dir = await written(range(100, 112).map((t) => record(t, "api", severities[t % 4])));
    expect(atMs(await readLogs(dir, { minSeverity: "warn" }))).toEqual([
      102, 103, 106, 107, 110, 111,
    ]);
    expect(atMs(await readLogs(dir, { minSeverity: "error", last: 2 }))).toEqual([107, 111]);
    expect(atMs(await readLogs(dir, { last: 4 }))).toEqual([108, 109, 110, 111]);
    expect(atMs(await readLogs(dir, { last: 100 }))).toEqual(range(100, 112));
    expect(await readLogs(dir, { last: 0 })).toEqual([]);
  });

  it("with last N, reads files newest first and stops once it has enough", async () => {
    const dir = await written(range(100, 106).map((t) => record(t)));
    await mkdir(join(dir, "api.log.9")); // reading this one would fail (EISDIR)
    expect(atMs(await readLogs(dir, { last: 2 }))).toEqual([104, 105]);
    await expect(readLogs(dir)).rejects.toThrow(/EISDIR/);
  });

  it("takes the last N across nodes by time", async () => {
    const dir = await written([
      record(100, "a"),
      record(101, "b"),
      record(102, "a"),
      record(103, "b"),
    ]);
    expect((await readLogs(dir, { last: 3 })).map((r) => `${r.node}@${r.atMs}`)).toEqual([
      "b@101",
      "a@102",
      "b@103",
    ]);
  });

  it("ignores a truncated last line, damaged lines and files that are not logs", async () => {
    const dir = await tempDir();
    const line = (t: number) => `${encodeLogRecord(record(t))}\n`;
    await writeFile(join(dir, "api.log"), `${line(1)}garbage\n${line(2)}`);
    await appendFile(join(dir, "api.log"), line(3).slice(0, 30));
    await writeFile(join(dir, "notes.txt"), line(9));
    await writeFile(join(dir, ".api.log.123.tmp"), line(9));
    expect(atMs(await readLogs(dir))).toEqual([1, 2]);
  });

  it("finds nothing in a folder that does not exist, or for an unknown node", async () => {
    const dir = await written([record(100)]);
    expect(await readLogs(join(dir, "missing"))).toEqual([]);
    expect(await readLogs(dir, { node: "nobody" })).toEqual([]);
  });

  it("refuses a query no caller should build, with a TypeError", async () => {
    const dir = await tempDir();
    await expect(readLogs(dir, { node: "../etc" })).rejects.toThrow(TypeError);
    await expect(readLogs(dir, { last: -1 })).rejects.toThrow(TypeError);
    await expect(readLogs(dir, { minSeverity: "loud" as Severity })).rejects.toThrow(TypeError);
  });
});
