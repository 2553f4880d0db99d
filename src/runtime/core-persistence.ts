import { isBatonError } from "../common/index.js";
import {
  decodeCheckpoint,
  encodeCheckpoint,
  type BatonCore,
  type Checkpoint,
  type CheckpointStore,
  type CoreEffect,
  type RecoveryConfig,
} from "../core/index.js";

// The shell's side of checkpointing: the core says which jobs changed (`persist` effects), this
// turns them into store writes; on start-up it restores every stored job (spec §9, issue 3).

/**
 * Saves the checkpoint of every job a batch's `persist` effects name (a deregistered job's is
 * removed). The store captures each job when it writes it, so the text is the job's newest
 * state then (never older than this batch), and saves that pile up while a write is in flight
 * cost one capture. The promise settles when that state, or a newer one, is durable.
 */
export function persistEffects(
  core: BatonCore,
  store: CheckpointStore,
  effects: readonly CoreEffect[],
): Promise<void> {
  const writes: Promise<void>[] = [];
  for (const effect of effects) {
    if (effect.kind !== "persist") continue;
    const { jobId } = effect;
    writes.push(
      effect.removed
        ? store.remove(jobId)
        : store.save(jobId, () => {
            const checkpoint = core.checkpointJob(jobId);
            return checkpoint === null ? null : encodeCheckpoint(checkpoint);
          }),
    );
  }
  return Promise.all(writes).then(() => undefined);
}

/** A stored checkpoint that could not be restored: left untouched, named by its source (file). */
export interface RestoreFailure {
  readonly jobId: string;
  /** The file (or other locator) that holds it. */
  readonly source: string;
  readonly error: unknown;
}

/** What `restoreAll` did. */
export interface RestoreReport {
  /** Jobs registered from their checkpoint, sorted. */
  readonly restored: string[];
  /** Jobs whose config `configFor` did not give (left in the store). */
  readonly skipped: string[];
  readonly failed: RestoreFailure[];
}

/**
 * Loads and restores every stored job into `core` (call before its first `runOnce`).
 * `configFor` gives the job's current config, or null to leave it stored. A checkpoint that
 * fails to load, decode or restore is reported by its source and left untouched; the others
 * still load. Each restored job is saved again before this resolves, so its new incarnation is
 * durable before anything of it is dispatched (attempt ids stay unique across restarts).
 */
export async function restoreAll(
  core: BatonCore,
  store: CheckpointStore,
  configFor: (checkpoint: Checkpoint) => RecoveryConfig | null,
): Promise<RestoreReport> {
  const report: RestoreReport = { restored: [], skipped: [], failed: [] };
  for (const jobId of await store.list()) {
    let source = jobId;
    try {
      const stored = await store.load(jobId);
      if (stored === null) continue;
      source = stored.source;
      const checkpoint = decodeCheckpoint(stored.text, stored.source);
      const config = configFor(checkpoint);
      if (config === null) {
        report.skipped.push(jobId);
        continue;
      }
      core.restoreJob(checkpoint, config);
    } catch (error) {
      if (isBatonError(error) && error.location !== undefined) source = error.location.file;
      report.failed.push({ jobId, source, error });
      continue;
    }
    const saved = core.checkpointJob(jobId);
    if (saved !== null) await store.save(jobId, encodeCheckpoint(saved));
    report.restored.push(jobId);
  }
  return report;
}
