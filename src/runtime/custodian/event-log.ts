import { appendFileSync, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CustodianEvent } from "./custodian.js";

/** The custodian's event log inside `.baton/`, one JSON object per line. */
export const EVENTS_FILE = "events.jsonl";
/** Past this size the log is rotated (events.1.jsonl, …); the last `keep` files are kept. */
const MAX_BYTES = 1024 * 1024;
const KEEP = 3;

/**
 * Appends every custodian decision to `.baton/events.jsonl`, rotated by size. Events are rare
 * (a few per incident), so each is written at once, whole, in one append.
 */
export class EventLog {
  readonly file: string;

  constructor(
    readonly stateDir: string,
    readonly maxBytes = MAX_BYTES,
  ) {
    this.file = join(stateDir, EVENTS_FILE);
  }

  append(event: CustodianEvent): void {
    if (existsSync(this.file) && statSync(this.file).size >= this.maxBytes) this.#rotate();
    appendFileSync(this.file, `${JSON.stringify(event)}\n`, { mode: 0o600 });
  }

  #rotate(): void {
    const generation = (n: number): string => join(this.stateDir, `events.${n}.jsonl`);
    rmSync(generation(KEEP - 1), { force: true });
    for (let n = KEEP - 2; n >= 1; n--)
      if (existsSync(generation(n))) renameSync(generation(n), generation(n + 1));
    renameSync(this.file, generation(1));
  }
}
