import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeClock } from "../../common/index.js";
import { decodeLogLines, encodeLogRecord, type LogRecord } from "./log-record.js";
import { LogWriter, type LogWriterOptions } from "./log-writer.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(cleanups.splice(0).map((f) => f()));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "baton-logs-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A writer into `<temp>/logs` (created by the first write), closed after the test. */
async function makeWriter(options: Partial<LogWriterOptions> = {}) {
  const root = await tempDir();
  const dir = join(root, "logs");
  const writer = new LogWriter({ dir, ...options });
  cleanups.push(() => writer.close());
  return { writer, dir, root };
}

function record(atMs: number, node = "api", text = `line ${atMs}`): LogRecord {
  return { atMs, node, target: "live", stream: "stdout", severity: "info", text };
}

async function recordsIn(file: string): Promise<LogRecord[]> {
  return decodeLogLines(await readFile(file, "utf8")).records;
}

describe("LogWriter", () => {
  it("buffers appends and writes them on the flush timer, one append per file", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { writer, dir } = await makeWriter({ flushMs: 200 });
    for (let i = 0; i < 50; i++) writer.append(record(i, i % 2 === 0 ? "api" : "db"));
    expect(writer.buffered).toBe(50);
    vi.advanceTimersByTime(199);
    expect(writer.buffered).toBe(50);
    vi.advanceTimersByTime(1);
    expect(writer.buffered).toBe(0); // the timer took the batch
    await writer.flush(); // waits for the timer's write
    expect(writer.writeCount).toBe(2);
    expect((await recordsIn(join(dir, "api.log"))).map((r) => r.atMs)).toEqual(
      Array.from({ length: 25 }, (_, i) => i * 2),
    );
    expect(await recordsIn(join(dir, "db.log"))).toHaveLength(25);
  });

  it("appends to what an earlier run left, ending a line a crash cut short", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "api.log"), `${encodeLogRecord(record(1))}\n{"atMs":2,"no`);
    const writer = new LogWriter({ dir });
    writer.append(record(3));
    await writer.close();
    const decoded = decodeLogLines(await readFile(join(dir, "api.log"), "utf8"));
    expect(decoded.records.map((r) => r.atMs)).toEqual([1, 3]);
    expect(decoded.invalid).toBe(1);
  });

  it("stamps appendLine with the clock and the parsed severity", async () => {
    const clock = new FakeClock(1_700_000_000_000);
    const { writer, dir } = await makeWriter({ clock });
    clock.advance(5);
    writer.appendLine({ node: "api", target: "live", stream: "stderr", text: "[WARN] slow" });
    await writer.flush();
    expect(await recordsIn(join(dir, "api.log"))).toEqual([
      {
        atMs: 1_700_000_000_005,
        node: "api",
        target: "live",
        stream: "stderr",
        severity: "warn",
        text: "[WARN] slow",
      },
    ]);
  });

  it("rotates before a line would pass maxFileBytes and keeps maxFiles rotated files", async () => {
    const lineBytes = encodeLogRecord(record(100)).length + 1;
    const { writer, dir } = await makeWriter({ maxFileBytes: lineBytes * 3, maxFiles: 2 });
    for (let i = 100; i < 110; i++) writer.append(record(i));
    await writer.flush();
    for (let i = 110; i < 112; i++) writer.append(record(i));
    await writer.flush();
    expect((await readdir(dir)).sort()).toEqual(["api.log", "api.log.1", "api.log.2"]);
    for (const name of ["api.log", "api.log.1", "api.log.2"])
      expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(lineBytes * 3);
    const atMs = async (name: string) => (await recordsIn(join(dir, name))).map((r) => r.atMs);
    expect(await atMs("api.log.2")).toEqual([103, 104, 105]);
    expect(await atMs("api.log.1")).toEqual([106, 107, 108]);
    expect(await atMs("api.log")).toEqual([109, 110, 111]);
  });

  it("keeps no rotated file with maxFiles 0, and writes a line larger than the limit alone", async () => {
    const { writer, dir } = await makeWriter({ maxFileBytes: 10, maxFiles: 0 });
    writer.append(record(1));
    writer.append(record(2));
    await writer.flush();
    expect(await readdir(dir)).toEqual(["api.log"]);
    expect((await recordsIn(join(dir, "api.log"))).map((r) => r.atMs)).toEqual([2]);
  });

  it("drops the oldest lines of a burst beyond maxBufferedLines, and counts them", async () => {
    const { writer, dir } = await makeWriter({ maxBufferedLines: 5 });
    for (let i = 0; i < 12; i++) writer.append(record(i));
    expect(writer.dropped).toBe(7);
    await writer.flush();
    expect((await recordsIn(join(dir, "api.log"))).map((r) => r.atMs)).toEqual([7, 8, 9, 10, 11]);
  });

  it("reports an unwritable folder through onError, counts the loss, and never throws", async () => {
    const root = await tempDir();
    await writeFile(join(root, "file"), "not a folder");
    const dir = join(root, "file", "logs");
    const errors: { code: unknown; file: string }[] = [];
    const writer = new LogWriter({
      dir,
      onError: (error, file) => errors.push({ code: (error as { code?: unknown }).code, file }),
    });
    writer.append(record(1));
    writer.append(record(2));
    await expect(writer.flush()).resolves.toBeUndefined();
    expect(errors).toEqual([{ code: "ENOTDIR", file: join(dir, "api.log") }]);
    expect(writer.writeErrors).toBe(1);
    expect(writer.dropped).toBe(2);

    const silent = new LogWriter({
      dir,
      onError: () => {
        throw new Error("a reporter that fails");
      },
    });
    silent.append(record(3));
    await expect(silent.close()).resolves.toBeUndefined();
    expect(silent.dropped).toBe(1);
  });

  it("recreates a folder removed while running", async () => {
    const { writer, dir } = await makeWriter();
    writer.append(record(1));
    await writer.flush();
    await rm(dir, { recursive: true });
    writer.append(record(2));
    await writer.flush();
    expect(writer.writeErrors).toBe(0);
    expect((await recordsIn(join(dir, "api.log"))).map((r) => r.atMs)).toEqual([2]);
  });

  it("refuses node names that could leave the folder, with a TypeError", async () => {
    const { writer } = await makeWriter();
    for (const node of ["../x", "a/b", "..", "a\0b", ""])
      expect(() => writer.append(record(1, node))).toThrow(TypeError);
    expect(writer.buffered).toBe(0);
  });

  it("writes what is buffered on close and counts later appends as dropped", async () => {
    const { writer, dir } = await makeWriter();
    writer.append(record(1));
    await writer.close();
    writer.append(record(2));
    await writer.close();
    expect(writer.dropped).toBe(1);
    expect((await recordsIn(join(dir, "api.log"))).map((r) => r.atMs)).toEqual([1]);
  });

  it("refuses options that are not counts", () => {
    expect(() => new LogWriter({ dir: "x", maxFileBytes: 0 })).toThrow(TypeError);
    expect(() => new LogWriter({ dir: "x", maxFiles: -1 })).toThrow(TypeError);
    expect(() => new LogWriter({ dir: "x", maxBufferedLines: 1.5 })).toThrow(TypeError);
  });
});
