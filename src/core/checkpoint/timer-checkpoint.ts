import type { BatonEvent } from "../events/baton-event.js";
import type { TimerSnapshotEntry } from "../timers/timer-wheel.js";
import type { TimerCheckpoint } from "./checkpoint-types.js";

/**
 * The timers of a wheel snapshot that belong in `jobId`'s checkpoint: its own, and the
 * instrument timers (rate-limit expiry, breaker recovery) that carry no job id.
 */
export function jobTimers(
  snapshot: readonly TimerSnapshotEntry<BatonEvent>[],
  jobId: string,
): TimerCheckpoint[] {
  return snapshot
    .filter(({ payload }) => !("jobId" in payload) || payload.jobId === jobId)
    .map(({ dueAtMs, payload, key }) =>
      key === undefined ? { dueAtMs, event: payload } : { dueAtMs, key, event: payload },
    );
}

/** Recovered timers as wheel snapshot entries, for `TimerWheel.restore`. */
export function timerSnapshotEntries(
  timers: readonly TimerCheckpoint[],
): TimerSnapshotEntry<BatonEvent>[] {
  return timers.map(({ dueAtMs, event, key }) =>
    key === undefined ? { dueAtMs, payload: event } : { dueAtMs, payload: event, key },
  );
}
