/**
 * Requests (or calls) in flight on one target, so a drain knows when the last one finished.
 * Shared by the HTTP and gRPC upstreams.
 */
export class InFlightCount {
  inFlight = 0;
  /** Resolves the drain waiting for this target to go idle. */
  #idle: (() => void) | null = null;

  /** Counts one in; call `release` exactly once when it is over. */
  acquire(): void {
    this.inFlight += 1;
  }

  release(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0 && this.#idle !== null) {
      const idle = this.#idle;
      this.#idle = null;
      idle();
    }
  }

  /** Resolves when nothing is in flight (at once when nothing is). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.#idle;
      this.#idle = () => {
        previous?.();
        resolve();
      };
    });
  }
}

/** Waits for `idle` or `timeoutMs`, whichever comes first; true when the time ran out. */
export async function idleOrTimeout(idle: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    idle.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  return timedOut;
}
