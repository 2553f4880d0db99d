/** A checkpoint text as a store holds it; `source` names where it came from (for errors). */
export interface StoredCheckpoint {
  readonly jobId: string;
  readonly text: string;
  /** A file name or other locator, for messages (`decodeCheckpoint(text, source)`). */
  readonly source: string;
}

/**
 * What `save` takes: the text, or a function that produces the newest text when the store
 * writes (null: nothing to write). A store that coalesces a burst of saves then captures the
 * job once per write instead of once per save.
 */
export type CheckpointText = string | (() => string | null);

/**
 * Where checkpoints live: one text per job. The core produces texts (`encodeCheckpoint`) and
 * the runtime wires a concrete store (a folder of JSON files, or memory in tests). Writes of one
 * job are applied in call order; a store may coalesce saves that are still waiting, keeping the
 * newest. Every promise settles once the call's effect (or a newer one replacing it) is durable.
 */
export interface CheckpointStore {
  /** Saves `text` as the checkpoint of `jobId`, replacing the previous one. */
  save(jobId: string, text: CheckpointText): Promise<void>;
  /** The checkpoint of `jobId`, or null when there is none; pending saves are applied first. */
  load(jobId: string): Promise<StoredCheckpoint | null>;
  /** Ids of every job with a checkpoint, sorted. */
  list(): Promise<string[]>;
  /** Removes the checkpoint of `jobId` (after its pending saves); no-op when there is none. */
  remove(jobId: string): Promise<void>;
  /** Resolves when every save and remove called so far is durable (shutdown). */
  flush(): Promise<void>;
}
