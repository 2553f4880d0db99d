import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { followLogs, type FollowOptions } from "./log-follower.js";
import type { LogQuery } from "./log-reader.js";
import { encodeLogRecord, type LogRecord } from "./log-record.js";
import { LogWriter, type LogWriterOptions } from "./log-writer.js";
import type { Severity } from "./severity.js";

// Real files and a short poll: these tests wait for the follower, so each wait is bounded.
const POLL_MS = 10;
const WAIT = { timeout: 2_000, interval: 5 };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "baton-logs-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function record(atMs: number, node = "api", severity: Severity = "info"): LogRecord {
  return { atMs, node, target: "live", stream: "stdout", severity, text: `line ${atMs}` };
}

const LINE_BYTES = encodeLogRecord(record(100)).length + 1;

function writer(dir: string, options: Partial<LogWriterOptions> = {}): LogWriter {
  const w = new LogWriter({ dir, ...options });
  cleanups.push(() => w.close());
  return w;
}

async function write(w: LogWriter, records: LogRecord[]): Promise<void> {
  for (const r of records) w.append(r);
  await w.flush();
}

/** Follows `dir` into an array, stopped after the test. */
async function follow(dir: string, query: LogQuery = {}, options: FollowOptions = {}) {
  const seen: LogRecord[] = [];
  const follower = followLogs(dir, query, (r) => seen.push(r), { pollMs: POLL_MS, ...options });
  cleanups.push(() => follower.stop());
  await follower.ready;
  return { seen, follower, atMs: () => seen.map((r) => r.atMs) };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("followLogs", () => {
  it("delivers lines appended after it is ready, and none from before", async () => {
    const dir = await tempDir();
    const w = writer(dir);
    await write(w, [record(100), record(101)]);
    const { atMs } = await follow(dir, { node: "api" });
    await write(w, [record(102), record(103)]);
    await vi.waitFor(() => expect(atMs()).toEqual([102, 103]), WAIT);
    await write(w, [record(104)]);
    await vi.waitFor(() => expect(atMs()).toEqual([102, 103, 104]), WAIT);
  });

  it("with last N, delivers the last N existing records first, then the new ones", async () => {
    const dir = await tempDir();
    const w = writer(dir, { maxFileBytes: LINE_BYTES * 3 });
    await write(
      w,
      range(100, 108).map((t) => record(t)),
    );
    const { atMs } = await follow(dir, { node: "api", last: 5 });
    expect(atMs()).toEqual(range(103, 108)); // across the rotated files
    await write(w, [record(108)]);
    await vi.waitFor(() => expect(atMs()).toEqual(range(103, 109)), WAIT);
  });

  it("survives rotations: finishes the old file, then reads the new one from its start", async () => {
    const dir = await tempDir();
    const w = writer(dir, { maxFileBytes: LINE_BYTES * 3, maxFiles: 2 });
    await write(w, [record(100)]);
    const { atMs } = await follow(dir, { node: "api" });
    let next = 101;
    for (let round = 0; round < 5; round++) {
      // One flush fills the old file, rotates it, and starts the new one before the next poll.
      await write(w, [record(next++), record(next++), record(next++)]);
      await vi.waitFor(() => expect(atMs()).toEqual(range(101, next)), WAIT);
    }
  });

  it("reads again from the start of a file truncated in place", async () => {
    const dir = await tempDir();
    const file = join(dir, "api.log");
    await writeFile(file, `${encodeLogRecord(record(1))}\n${encodeLogRecord(record(2))}\n`);
    const { atMs } = await follow(dir, { node: "api" });
    await writeFile(file, `${encodeLogRecord(record(3))}\n`);
    await vi.waitFor(() => expect(atMs()).toEqual([3]), WAIT);
  });

  it("waits for a line's end before reading it", async () => {
    const dir = await tempDir();
    const file = join(dir, "api.log");
    await writeFile(file, "");
    const { atMs } = await follow(dir, { node: "api" });
    const line = `${encodeLogRecord(record(7))}\n`;
    await writeFile(file, line.slice(0, 25), { flag: "a" });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 3));
    expect(atMs()).toEqual([]);
    await writeFile(file, line.slice(25), { flag: "a" });
    await vi.waitFor(() => expect(atMs()).toEqual([7]), WAIT);
  });

  it("follows every node, including one that appears later, and filters by severity", async () => {
    const dir = await tempDir();
    const w = writer(dir);
    await write(w, [record(100, "api")]);
    const { seen } = await follow(dir, { minSeverity: "warn" });
    await write(w, [
      record(101, "api", "warn"),
      record(102, "db", "error"),
      record(103, "db", "info"),
      record(104, "api", "error"),
    ]);
    await vi.waitFor(
      () =>
        expect(seen.map((r) => `${r.node}@${r.atMs}`)).toEqual(["api@101", "db@102", "api@104"]),
      WAIT,
    );
  });

  it("follows a node whose log does not exist yet", async () => {
    const dir = await tempDir();
    const { atMs } = await follow(join(dir, "logs"), { node: "api" });
    await write(writer(join(dir, "logs")), [record(1)]);
    await vi.waitFor(() => expect(atMs()).toEqual([1]), WAIT);
  });

  it("delivers nothing after stop, and reports a throwing onRecord without stopping", async () => {
    const dir = await tempDir();
    const w = writer(dir);
    const errors: unknown[] = [];
    const seen: number[] = [];
    const follower = followLogs(
      dir,
      { node: "api" },
      (r) => {
        seen.push(r.atMs);
        if (r.atMs === 1) throw new Error("a bad consumer");
      },
      { pollMs: POLL_MS, onError: (e) => errors.push(e) },
    );
    cleanups.push(() => follower.stop());
    await follower.ready;
    await write(w, [record(1), record(2)]);
    await vi.waitFor(() => expect(seen).toEqual([1, 2]), WAIT);
    expect(errors).toHaveLength(1);
    follower.stop();
    await write(w, [record(3)]);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 3));
    expect(seen).toEqual([1, 2]);
  });

  it("refuses a bad query or poll interval with a TypeError", () => {
    expect(() => followLogs("x", { node: "a/b" }, () => undefined)).toThrow(TypeError);
    expect(() => followLogs("x", {}, () => undefined, { pollMs: 0 })).toThrow(TypeError);
  });
});
