/**
 * Time as a port. The core never reads a global clock; it is handed a `Clock`, so tests drive
 * it with a `FakeClock` and never sleep (shared/design.md §5).
 */
export interface Clock {
  /** Wall-clock time in epoch milliseconds: may jump (NTP, manual change); what gets persisted. */
  nowMs(): number;
  /** Monotonic milliseconds from an arbitrary origin: never goes back; for measuring intervals. */
  monoMs(): number;
}

/** The host's clock: `Date.now()` for wall time, `performance.now()` for monotonic time. */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monoMs: () => performance.now(),
};

/** A clock that moves only when told to: `advance` moves both readings, `set` jumps wall time. */
export class FakeClock implements Clock {
  private wallMs: number;
  private monotonicMs = 0;

  /** Starts at `startWallMs` (epoch ms) of wall time and 0 ms of monotonic time. */
  constructor(startWallMs = 0) {
    this.wallMs = finite(startWallMs, "startWallMs");
  }

  /** Current wall time in epoch ms. */
  nowMs(): number {
    return this.wallMs;
  }

  /** Current monotonic time in ms. */
  monoMs(): number {
    return this.monotonicMs;
  }

  /** Lets `ms` milliseconds pass on both clocks; time never goes back, so `ms` must be ≥ 0. */
  advance(ms: number): void {
    if (!(finite(ms, "ms") >= 0)) throw new TypeError(`cannot advance a clock by ${ms} ms`);
    this.wallMs += ms;
    this.monotonicMs += ms;
  }

  /** Jumps the wall clock to `wallMs` (either way), as a system clock change would; mono stays. */
  set(wallMs: number): void {
    this.wallMs = finite(wallMs, "wallMs");
  }
}

function finite(value: number, name: string): number {
  if (!Number.isFinite(value)) throw new TypeError(`${name} must be a finite number, got ${value}`);
  return value;
}
