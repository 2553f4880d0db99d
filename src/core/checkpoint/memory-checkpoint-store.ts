import type { CheckpointStore, CheckpointText, StoredCheckpoint } from "./checkpoint-store.js";

/** A CheckpointStore in memory: for core tests and runs with persistence off. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly #texts = new Map<string, string>();
  #writes = 0;

  /** Saves applied so far. */
  get writeCount(): number {
    return this.#writes;
  }

  save(jobId: string, text: CheckpointText): Promise<void> {
    return settle(jobId, () => {
      const value = typeof text === "function" ? text() : text;
      if (value === null) return;
      this.#texts.set(jobId, value);
      this.#writes++;
    });
  }

  load(jobId: string): Promise<StoredCheckpoint | null> {
    return settle(jobId, () => {
      const text = this.#texts.get(jobId);
      return text === undefined ? null : { jobId, text, source: `memory:${jobId}` };
    });
  }

  list(): Promise<string[]> {
    return Promise.resolve([...this.#texts.keys()].sort());
  }

  remove(jobId: string): Promise<void> {
    return settle(jobId, () => {
      this.#texts.delete(jobId);
    });
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}

/** Runs `fn` for a valid job id; a bad id becomes a rejected promise, as with any store. */
function settle<T>(jobId: string, fn: () => T): Promise<T> {
  if (typeof jobId !== "string" || jobId === "")
    return Promise.reject(
      new TypeError(`a job id must be a non-empty string, got '${String(jobId)}'`),
    );
  return Promise.resolve(fn());
}
