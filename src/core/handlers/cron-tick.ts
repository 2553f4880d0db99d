import type { CronTick } from "../events/conductor-events.js";
import { CRON_DROP_ERROR_AFTER, type CoreContext } from "../state/core-context.js";

/**
 * A schedule entry is due (spec §2.3.8). If the entry's previous run is still active the tick
 * is dropped (warn, error after 5 in a row); otherwise the shell is asked to start a run
 * (`startRun` effect) and the entry counts as running until the job it registers with
 * `cronEntry` completes or is deregistered. Missed ticks are never replayed: the shell
 * schedules only the next tick (no catch-up after downtime).
 */
export function handleCronTick(ctx: CoreContext, e: CronTick): void {
  const entry = ctx.cron.get(e.entryName) ?? { jobId: null, running: false, droppedTicks: 0 };
  ctx.cron.set(e.entryName, entry);
  if (entry.running) {
    entry.droppedTicks += 1;
    ctx.log(
      entry.droppedTicks >= CRON_DROP_ERROR_AFTER ? "error" : "warn",
      "baton.cron.tick_dropped",
      {
        entryName: e.entryName,
        droppedTicks: entry.droppedTicks,
      },
    );
    return;
  }
  entry.running = true;
  entry.jobId = null;
  entry.droppedTicks = 0;
  ctx.effects.push({ kind: "startRun", entryName: e.entryName, scorePath: e.scorePath });
}
