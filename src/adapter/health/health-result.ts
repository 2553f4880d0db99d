import type { Clock } from "../../common/index.js";

/** A check's verdict. `unknown` = the check could not be run or the answer says nothing. */
export type HealthStatus = "healthy" | "unhealthy" | "unknown";

/** The outcome of one health check. */
export interface HealthResult {
  readonly status: HealthStatus;
  /** From start to verdict, ms (monotonic clock). */
  readonly latencyMs: number;
  /** Short human text: "HTTP 503", "connect ECONNREFUSED", "timeout after 1000 ms". */
  readonly reason: string;
}

/** Where to probe. */
export interface HealthTarget {
  readonly host: string;
  readonly port: number;
}

/** Options every check takes. */
export interface HealthCheckOptions {
  /** Settle by this long, ms (default `HEALTH_TIMEOUT_MS`). */
  timeoutMs?: number;
  /** Source of `latencyMs` (default the system clock). */
  clock?: Clock;
}

/** Signature shared by every protocol's check: never throws, settles by the timeout. */
export type HealthCheck<O extends HealthCheckOptions = HealthCheckOptions> = (
  target: HealthTarget,
  options?: O,
) => Promise<HealthResult>;
