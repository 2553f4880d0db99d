import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isBatonError } from "../../common/index.js";
import { decodeCheckpoint, encodeCheckpoint } from "../../core/checkpoint/checkpoint-codec.js";
import type { CheckpointStore } from "../../core/checkpoint/checkpoint-store.js";
import { checkpoint } from "../../../test/support/checkpoint-fixtures.js";
import {
  AWKWARD_JOB_IDS,
  checkpointStoreContract,
} from "../../../test/support/checkpoint-store-contract.js";
import { FileCheckpointStore, type FileCheckpointStoreOptions } from "./file-checkpoint-store.js";
import { writeFileDurable } from "./write-file-durable.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh temp folder, removed after the test. */
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "baton-store-"));
  dirs.push(dir);
  return dir;
}

/** A store in a fresh folder (`jobs/` under it, created on the first save). */
async function makeStore(
  options: Partial<FileCheckpointStoreOptions> = {},
): Promise<{ store: FileCheckpointStore; dir: string; root: string }> {
  const root = await tempDir();
  const dir = join(root, "jobs");
  return { store: new FileCheckpointStore({ dir, ...options }), dir, root };
}

/** A writer that records every write and waits for `release()` before each one. */
function gatedWriter() {
  const written: string[] = [];
  let open: (() => void) | null = null;
  let gate = new Promise<void>((resolve) => (open = resolve));
  let started = 0;
  return {
    written,
    get started() {
      return started;
    },
    release() {
      open?.();
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    async write(file: string, text: string) {
      started++;
      await gate;
      await writeFileDurable(file, text);
      written.push(text);
    },
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Waits (on real I/O turns, no fixed sleep) until `ready()` holds; fails after 5 s. */
async function until(ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!ready() && Date.now() < deadline) await settle();
  expect(ready()).toBe(true);
}

const t = (v: string) => JSON.stringify({ v });

// The port's type: a FileCheckpointStore must be usable wherever the core expects a store.
checkpointStoreContract("FileCheckpointStore", async () => {
  const store: CheckpointStore = (await makeStore()).store;
  return store;
});

describe("FileCheckpointStore", () => {
  it("writes one JSON file per job, named so no id can leave the folder", async () => {
    const { store, dir, root } = await makeStore();
    for (const id of AWKWARD_JOB_IDS) await store.save(id, "{}");
    const names = await readdir(dir);
    expect(names).toHaveLength(AWKWARD_JOB_IDS.length);
    for (const name of names) {
      expect(name).toMatch(/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+\.json$/);
    }
    expect(await readdir(root)).toEqual(["jobs"]);
    expect(store.fileOf("../escape")).toBe(join(dir, "%2E%2E%2Fescape.json"));
  });

  it("coalesces a burst of 1000 saves of one job into at most a few writes of the newest", async () => {
    const { store } = await makeStore();
    const saves = Array.from({ length: 1000 }, (_, i) =>
      store.save("burst", JSON.stringify({ i })),
    );
    await Promise.all(saves);
    expect(store.writeCount).toBeLessThanOrEqual(2);
    expect(await readFile(store.fileOf("burst"), "utf8")).toBe('{"i":999}');
  });

  it("while a write is in flight, keeps only the newest save and writes it next", async () => {
    const writer = gatedWriter();
    const { store } = await makeStore({ writeFile: (f, t) => writer.write(f, t) });
    const first = store.save("j", t("A"));
    await until(() => writer.started === 1);
    const later = ["B", "C", "D"].map((v) => store.save("j", t(v)));
    writer.release();
    await first;
    await until(() => writer.started === 2);
    writer.release();
    await Promise.all(later);
    expect(writer.written).toEqual([t("A"), t("D")]);
    expect(await readFile(store.fileOf("j"), "utf8")).toBe(t("D"));
  });

  it("calls a text producer when the write starts: once per write, with the newest state", async () => {
    const writer = gatedWriter();
    const { store } = await makeStore({ writeFile: (f, t) => writer.write(f, t) });
    let state = "A";
    let produced = 0;
    const produce = () => {
      produced++;
      return t(state);
    };
    const first = store.save("j", produce);
    await until(() => writer.started === 1);
    const later: Promise<void>[] = [];
    for (const v of ["B", "C", "D"]) {
      state = v;
      later.push(store.save("j", produce));
    }
    state = "E"; // changed after the last save, before the write: the write has the newest
    writer.release();
    await first;
    await until(() => writer.started === 2);
    writer.release();
    await Promise.all(later);
    expect(produced).toBe(2);
    expect(writer.written).toEqual([t("A"), t("E")]);
    await store.save("j", () => null); // nothing to write: the file stays
    expect(await readFile(store.fileOf("j"), "utf8")).toBe(t("E"));
  });

  it("never reorders the writes of a job, whatever the interleaving with other jobs", async () => {
    const { store } = await makeStore({
      writeFile: async (file, text) => {
        const i = (JSON.parse(text) as { i: number }).i;
        await new Promise((r) => setTimeout(r, (i * 7) % 5));
        await writeFileDurable(file, text);
        order.push(text);
      },
    });
    const order: string[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      pending.push(store.save(`job${i % 3}`, JSON.stringify({ job: `job${i % 3}`, i })));
      if (i % 7 === 0) await settle();
    }
    await Promise.all(pending);
    for (const job of ["job0", "job1", "job2"]) {
      const seq = order
        .map((text) => JSON.parse(text) as { job: string; i: number })
        .filter((w) => w.job === job)
        .map((w) => w.i);
      expect(seq).toEqual([...seq].sort((a, b) => a - b));
      expect((await store.load(job))?.text).toBe(JSON.stringify({ job, i: seq.at(-1) }));
    }
  });

  it("flush waits for writes in flight and queued", async () => {
    const writer = gatedWriter();
    const { store } = await makeStore({ writeFile: (f, t) => writer.write(f, t) });
    void store.save("a", t("a1"));
    void store.save("b", t("b1"));
    await until(() => writer.started === 2);
    void store.save("a", t("a2"));
    let flushed = false;
    const flush = store.flush().then(() => (flushed = true));
    await settle();
    expect(flushed).toBe(false);
    writer.release();
    await until(() => writer.started === 3);
    expect(flushed).toBe(false);
    writer.release();
    await flush;
    expect(writer.written.sort()).toEqual([t("a1"), t("a2"), t("b1")]);
  });

  it("reports a checkpoint that fails to parse by file name and leaves it untouched", async () => {
    const { store, dir } = await makeStore();
    await store.save("bad", "{}");
    const file = store.fileOf("bad");
    await writeFile(file, '{"version": 1, "jobId": ');
    const error: unknown = await store.load("bad").catch((e: unknown) => e);
    expect(isBatonError(error) && error.code).toBe("E_CHECKPOINT_INVALID");
    expect((error as Error).message).toContain(file);
    expect(await readFile(file, "utf8")).toBe('{"version": 1, "jobId": ');
    expect(await readdir(dir)).toEqual(["bad.json"]);
  });

  it("checks loads with the core's decoder when given it, naming the file and the field", async () => {
    const { store } = await makeStore({
      validate: (text, source) => void decodeCheckpoint(text, source),
    });
    const good = encodeCheckpoint(checkpoint());
    await store.save("good", good);
    expect((await store.load("good"))?.text).toBe(good);
    const text = good.replace('"status":"pending"', '"status":"snoozing"');
    await store.save("odd", text);
    const error: unknown = await store.load("odd").catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "E_CHECKPOINT_INVALID",
      location: { file: store.fileOf("odd"), field: "sheets[0].status" },
    });
  });

  it("ignores a temp file left by a crash mid-write, and strays", async () => {
    const { store, dir } = await makeStore();
    await store.save("job", '{"v":"old"}');
    const name = "job.json";
    await writeFile(join(dir, `.${name}.4242.deadbeef.tmp`), '{"v":"half-writ');
    await writeFile(join(dir, `.never.json.1.cafe.tmp`), "{");
    await writeFile(join(dir, "notes.txt"), "hello");
    await writeFile(join(dir, "lower%2e.json"), "{}"); // not a name this store writes
    expect(await store.list()).toEqual(["job"]);
    expect((await store.load("job"))?.text).toBe('{"v":"old"}');
    expect(await store.load("never")).toBeNull();
  });

  it("leaves no temp file behind after real writes", async () => {
    const { store, dir } = await makeStore();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(`j${i % 4}`, `{"i":${i}}`)));
    await store.flush();
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("rejects a failed write with E_WRITE_FAILED and keeps working", async () => {
    let fail = true;
    const { store } = await makeStore({
      writeFile: async (file, text) => {
        if (fail) throw Object.assign(new Error("disk full"), { code: "ENOSPC" });
        await writeFileDurable(file, text);
      },
    });
    await expect(store.save("j", t("1"))).rejects.toMatchObject({ code: "E_WRITE_FAILED" });
    fail = false;
    await store.save("j", t("2"));
    expect((await store.load("j"))?.text).toBe(t("2"));
  });

  it("refuses a job id too long for a file name", async () => {
    const { store } = await makeStore();
    await expect(store.save("x".repeat(300), "{}")).rejects.toThrow(TypeError);
  });
});
