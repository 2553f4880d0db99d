import { FakeClock, seededRandom } from "../../src/common/index.js";
import {
  BatonCore,
  sheetAttemptResult,
  type BatonEvent,
  type CoreEffect,
  type CoreOptions,
  type Dispatch,
  type SheetAttemptResult,
  type SheetAttemptResultInit,
  type SheetStatus,
} from "../../src/core/index.js";

/** Wall-clock start of every core test: 2023-11-14T22:13:20Z. */
export const T0 = 1_700_000_000_000;

type ResultInit = Partial<Omit<SheetAttemptResultInit, "jobId" | "sheetNum">>;

/**
 * A BatonCore on a fake clock with a recording dispatcher: event-script tests send events,
 * move time and read statuses; nothing sleeps.
 */
export function coreHarness(options: Partial<Omit<CoreOptions, "clock" | "random">> = {}) {
  const clock = new FakeClock(T0);
  const core = new BatonCore({ clock, random: seededRandom(7), ...options });
  const dispatched: Dispatch[] = [];
  const effects: CoreEffect[] = [];
  let failDispatch: ((d: Dispatch) => boolean) | null = null;

  /** One loop step; returns the dispatches it made. */
  function run(maxConcurrentSheets?: number): Dispatch[] {
    const before = dispatched.length;
    effects.push(
      ...core.runOnce(
        (d) => {
          if (failDispatch?.(d)) throw new Error("backend unavailable");
          dispatched.push(d);
        },
        maxConcurrentSheets === undefined ? {} : { maxConcurrentSheets },
      ),
    );
    return dispatched.slice(before);
  }

  return {
    clock,
    core,
    dispatched,
    effects,
    run,
    /** Enqueues events and runs one step. */
    send(...events: BatonEvent[]): Dispatch[] {
      for (const e of events) core.inbox.enqueue(e);
      return run();
    },
    /** Builds the result of a dispatch. */
    result(d: Dispatch, init: ResultInit = {}): SheetAttemptResult {
      return sheetAttemptResult(
        {
          jobId: d.jobId,
          sheetNum: d.sheetNum,
          instrumentName: d.instrument,
          attempt: d.attempt,
          attemptId: d.attemptId,
          ...init,
        },
        clock.nowMs(),
      );
    },
    /** Lets `ms` pass, fires due timers and runs one step. */
    advance(ms: number): Dispatch[] {
      clock.advance(ms);
      core.tick();
      return run();
    },
    status(jobId: string, sheetNum: number): SheetStatus | undefined {
      return core.getSheetState(jobId, sheetNum)?.status;
    },
    failDispatchWhen(predicate: ((d: Dispatch) => boolean) | null): void {
      failDispatch = predicate;
    },
    effectsOf<K extends CoreEffect["kind"]>(kind: K): Extract<CoreEffect, { kind: K }>[] {
      return effects.filter((e): e is Extract<CoreEffect, { kind: K }> => e.kind === kind);
    },
    now: () => clock.nowMs(),
  };
}

export type CoreHarness = ReturnType<typeof coreHarness>;
