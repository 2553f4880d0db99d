import { systemClock } from "../../common/index.js";
import {
  HEALTH_PATH,
  HEALTH_PATH_PATTERN,
  HEALTH_TIMEOUT_MS,
  HTTP_HEALTH_BODY_BYTES,
} from "./health-defaults.js";
import type { HealthCheckOptions, HealthResult, HealthTarget } from "./health-result.js";
import { getCapped, judgeHttpStatus, type CappedAnswer } from "./http-get-capped.js";
import type { Verdict } from "./settle-within.js";

/** Options of the HTTP check. */
export interface HttpHealthOptions extends HealthCheckOptions {
  /** Path to GET (default `HEALTH_PATH`); must match `HEALTH_PATH_PATTERN`. */
  path?: string;
  /** Body bytes read before the socket is cut (default `HTTP_HEALTH_BODY_BYTES`). */
  maxBodyBytes?: number;
}

/** GETs the health path: 2xx/3xx healthy, other statuses and failures unhealthy, a bad path unknown. */
export function checkHttpHealth(
  target: HealthTarget,
  options: HttpHealthOptions = {},
): Promise<HealthResult> {
  return checkByGet(target, options, HTTP_HEALTH_BODY_BYTES, judgeHttpStatus);
}

/** GETs the guarded health path with a capped body and lets `judge` decide (HTTP, SOAP). */
export async function checkByGet(
  target: HealthTarget,
  options: HttpHealthOptions,
  defaultMaxBodyBytes: number,
  judge: (answer: CappedAnswer) => Verdict,
): Promise<HealthResult> {
  const clock = options.clock ?? systemClock;
  const startedMs = clock.monoMs();
  const path = options.path ?? HEALTH_PATH;
  if (!HEALTH_PATH_PATTERN.test(path)) return invalidPath(path, clock.monoMs() - startedMs);
  const verdict = await getCapped(
    target,
    path,
    options.maxBodyBytes ?? defaultMaxBodyBytes,
    options.timeoutMs ?? HEALTH_TIMEOUT_MS,
    judge,
  );
  return { status: verdict.status, reason: verdict.reason, latencyMs: clock.monoMs() - startedMs };
}

/** The verdict for a path that fails the guard: no request is sent (spec §18.2). */
export function invalidPath(path: string, latencyMs: number): HealthResult {
  return { status: "unknown", reason: `Invalid health_path: '${path}'`, latencyMs };
}
