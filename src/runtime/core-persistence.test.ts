import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock, seededRandom } from "../common/index.js";
import {
  BatonCore,
  MemoryCheckpointStore,
  decodeCheckpoint,
  type RecoveryConfig,
} from "../core/index.js";
import { persistEffects, restoreAll } from "./core-persistence.js";
import { FileCheckpointStore } from "./store/file-checkpoint-store.js";

const T0 = 1_700_000_000_000;
const CONFIG: RecoveryConfig = {
  sheets: [
    { sheetNum: 1, instrument: "a" },
    { sheetNum: 2, instrument: "a" },
  ],
  dependencies: new Map([[2, [1]]]),
};

function newCore(): BatonCore {
  return new BatonCore({ clock: new FakeClock(T0), random: seededRandom(3) });
}

describe("persistEffects", () => {
  it("saves each dirty job's checkpoint and removes a deregistered job's", async () => {
    const core = newCore();
    const store = new MemoryCheckpointStore();
    core.registerJob("a", CONFIG.sheets, CONFIG.dependencies);
    core.registerJob("b", CONFIG.sheets, CONFIG.dependencies);
    await persistEffects(
      core,
      store,
      core.runOnce(() => undefined),
    );
    expect(await store.list()).toEqual(["a", "b"]);
    const saved = decodeCheckpoint((await store.load("a"))!.text, "a");
    expect(saved.sheets.map((s) => [s.sheetNum, s.status, s.attemptSeq])).toEqual([
      [1, "dispatched", 1],
      [2, "pending", 0],
    ]);
    core.deregisterJob("b");
    await persistEffects(
      core,
      store,
      core.runOnce(() => undefined),
    );
    expect(await store.list()).toEqual(["a"]);
  });
});

describe("restoreAll", () => {
  let dir = "";
  afterEach(async () => {
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("restores every stored job; a checkpoint that fails to decode is reported by file and left untouched", async () => {
    dir = await mkdtemp(join(tmpdir(), "baton-restore-"));
    const store = new FileCheckpointStore({ dir });
    const core = newCore();
    for (const id of ["good", "bad"]) core.registerJob(id, CONFIG.sheets, CONFIG.dependencies);
    await persistEffects(
      core,
      store,
      core.runOnce(() => undefined),
    );
    const badFile = store.fileOf("bad");
    const broken = '{"version":1,"jobId":"bad","sheets":[{"sheetNum":1,"status":"lost"}]}';
    await writeFile(badFile, broken);

    const next = newCore();
    const fresh = new FileCheckpointStore({ dir });
    const report = await restoreAll(next, fresh, () => CONFIG);
    expect(report.restored).toEqual(["good"]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ jobId: "bad", source: badFile });
    expect(report.failed[0]!.error).toMatchObject({ code: "E_CHECKPOINT_INVALID" });
    expect(await readFile(badFile, "utf8")).toBe(broken);
    expect(next.getSheetState("good", 1)!.status).toBe("pending");
    expect(next.getSheetState("bad", 1)).toBeNull();
    // The new incarnation is on disk before anything is dispatched.
    const saved = decodeCheckpoint((await fresh.load("good"))!.text, "good");
    expect(saved.incarnation).toBe(1);
  });

  it("leaves a job the config no longer has in the store", async () => {
    const store = new MemoryCheckpointStore();
    const core = newCore();
    core.registerJob("old", CONFIG.sheets, CONFIG.dependencies);
    await persistEffects(
      core,
      store,
      core.runOnce(() => undefined),
    );
    const report = await restoreAll(newCore(), store, () => null);
    expect(report).toEqual({ restored: [], skipped: ["old"], failed: [] });
    expect(await store.list()).toEqual(["old"]);
  });
});
