import type { BatonEvent } from "../events/baton-event.js";
import { toObserverEvent, type ObserverEvent } from "../events/observer-event.js";
import type { SheetStatus } from "./sheet-status.js";

/**
 * An `observe` effect whose `baton.*` record is built when a consumer first reads it: the loop
 * emits one per event and status change, and most batches are never observed field by field.
 */
export class EventObserved {
  readonly kind = "observe";
  #event: ObserverEvent | null = null;

  /** @param wallMs the record's wall-clock time when the event's own is monotonic (SheetDispatched). */
  constructor(
    readonly source: BatonEvent,
    readonly wallMs?: number,
  ) {}

  get event(): ObserverEvent {
    if (this.#event === null) {
      const record = toObserverEvent(this.source);
      this.#event = this.wallMs === undefined ? record : { ...record, timestamp: this.wallMs };
    }
    return this.#event;
  }

  toJSON(): { kind: "observe"; event: ObserverEvent } {
    return { kind: this.kind, event: this.event };
  }
}

/** The `baton.sheet.status_changed` record of one transition (spec §13.4 (d)), built lazily. */
export class StatusChanged {
  readonly kind = "observe";

  constructor(
    readonly jobId: string,
    readonly sheetNum: number,
    readonly timestamp: number,
    readonly from: SheetStatus,
    readonly to: SheetStatus,
    readonly errorCode: string | null,
  ) {}

  get event(): ObserverEvent {
    return {
      name: "baton.sheet.status_changed",
      jobId: this.jobId,
      sheetNum: this.sheetNum,
      timestamp: this.timestamp,
      data: { from: this.from, to: this.to, error_code: this.errorCode },
    };
  }

  toJSON(): { kind: "observe"; event: ObserverEvent } {
    return { kind: this.kind, event: this.event };
  }
}
