import type { HealthStatus } from "./health-result.js";

/** A verdict without timing; `fallback` asks the caller for a TCP connect check instead. */
export interface Verdict {
  readonly status: HealthStatus;
  readonly reason: string;
  readonly fallback?: boolean;
}

/** Starts a probe; calls `done` once with a verdict and returns a cleanup that frees every socket. */
export type ProbeStart = (done: (verdict: Verdict) => void) => () => void;

/**
 * Runs a probe that always settles: with its verdict, with `timeout after N ms` when the time
 * is up, or with `unknown` if starting it threw. The cleanup runs before the promise settles.
 */
export function settleWithin(timeoutMs: number, start: ProbeStart): Promise<Verdict> {
  return new Promise((resolve) => {
    let cleanup: (() => void) | null = null;
    let settled: Verdict | null = null;
    const finish = (verdict: Verdict): void => {
      if (settled !== null) return;
      settled = verdict;
      clearTimeout(timer);
      cleanup?.();
      resolve(verdict);
    };
    const timer = setTimeout(
      () => finish({ status: "unhealthy", reason: `timeout after ${timeoutMs} ms` }),
      timeoutMs,
    );
    try {
      cleanup = start(finish);
      if (settled !== null) cleanup(); // `done` was called synchronously
    } catch (err) {
      finish({ status: "unknown", reason: `cannot probe: ${errorText(err)}` });
    }
  });
}

/** `ECONNREFUSED`-style code when there is one, else the message. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return (err as NodeJS.ErrnoException).code ?? err.message;
  return String(err);
}
