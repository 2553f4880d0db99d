import { describe, expect, it } from "vitest";
import type { CheckpointStore } from "../../src/core/checkpoint/checkpoint-store.js";

/** Makes a fresh, empty store for one test and registers its cleanup. */
export type StoreFactory = () => Promise<CheckpointStore>;

/** Ids that must survive as keys and file names, path-like ones included. */
export const AWKWARD_JOB_IDS = [
  "../escape",
  "a/b",
  "..",
  ".hidden",
  "x.json",
  "ünï cødé",
  "C:\\win",
  "%41",
];

/** The CheckpointStore contract, run against every implementation (shared/design.md §5). */
export function checkpointStoreContract(name: string, make: StoreFactory): void {
  describe(`CheckpointStore contract: ${name}`, () => {
    it("loads null for a job it never saw", async () => {
      const store = await make();
      expect(await store.load("nope")).toBeNull();
      expect(await store.list()).toEqual([]);
    });

    it("returns the newest text saved, with the job id and a source", async () => {
      const store = await make();
      await store.save("job-1", '{"n":1}');
      await store.save("job-1", '{"n":2}');
      const loaded = await store.load("job-1");
      expect(loaded).toMatchObject({ jobId: "job-1", text: '{"n":2}' });
      expect(loaded?.source).not.toBe("");
    });

    it("keeps every job apart, awkward ids included, and lists them sorted", async () => {
      const store = await make();
      for (const id of AWKWARD_JOB_IDS) await store.save(id, JSON.stringify({ id }));
      expect(await store.list()).toEqual([...AWKWARD_JOB_IDS].sort());
      for (const id of AWKWARD_JOB_IDS)
        expect((await store.load(id))?.text).toBe(JSON.stringify({ id }));
    });

    it("removes a job; removing an unknown one is a no-op", async () => {
      const store = await make();
      await store.save("a", "{}");
      await store.save("b", "{}");
      await store.remove("a");
      await store.remove("never");
      expect(await store.load("a")).toBeNull();
      expect(await store.list()).toEqual(["b"]);
    });

    it("applies one job's operations in call order, even unawaited", async () => {
      const store = await make();
      const calls = [
        store.save("j", '{"v":1}'),
        store.remove("j"),
        store.save("j", '{"v":3}'),
        store.save("k", '{"v":1}'),
        store.remove("k"),
      ];
      await store.flush();
      await Promise.all(calls);
      expect((await store.load("j"))?.text).toBe('{"v":3}');
      expect(await store.load("k")).toBeNull();
    });

    it("lets load and list see saves that are still pending", async () => {
      const store = await make();
      void store.save("p", '{"pending":true}');
      expect((await store.load("p"))?.text).toBe('{"pending":true}');
      void store.save("q", "{}");
      expect(await store.list()).toEqual(["p", "q"]);
    });

    it("rejects an empty job id", async () => {
      const store = await make();
      await expect(store.save("", "{}")).rejects.toThrow(TypeError);
    });
  });
}
