import {
  checkGrpcHealth,
  checkHttpHealth,
  checkSoapHealth,
  checkTcpHealth,
  type HealthResult,
} from "../../adapter/index.js";
import type { NodeProtocol } from "../circuit/index.js";

/** How `waitHealthy` polls. */
export interface WaitHealthyOptions {
  /** The node's health path (http and soap); the checks' default otherwise. */
  readonly path?: string;
  /** Give up after this long, ms (default 30 s). */
  readonly timeoutMs?: number;
  /** Between checks, ms (default 100: a service that just started is usually up within a second). */
  readonly intervalMs?: number;
  /** Stops waiting at once (the step was cancelled). */
  readonly signal?: AbortSignal;
}

/** One health check of `protocol` against `target`, as the custodian's probes run it. */
export function checkOnce(
  protocol: NodeProtocol,
  target: { readonly host: string; readonly port: number },
  options: { readonly path?: string; readonly timeoutMs: number },
): Promise<HealthResult> {
  const base = { timeoutMs: options.timeoutMs };
  const http = options.path === undefined ? base : { ...base, path: options.path };
  switch (protocol) {
    case "http":
      return checkHttpHealth(target, http);
    case "soap":
      return checkSoapHealth(target, http);
    case "grpc":
      return checkGrpcHealth(target, base);
    case "tcp":
    case "protobuf":
      return checkTcpHealth(target, base);
  }
}

/**
 * Polls a freshly started service until its protocol's health check says healthy; resolves with
 * that result, or with the last unhealthy one when the time is up or the wait is aborted (the
 * caller's step then fails, naming the reason).
 */
export async function waitHealthy(
  protocol: NodeProtocol,
  target: { readonly host: string; readonly port: number },
  options: WaitHealthyOptions = {},
): Promise<HealthResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const until = performance.now() + timeoutMs;
  let last: HealthResult = { status: "unknown", latencyMs: 0, reason: "not checked yet" };
  while (options.signal?.aborted !== true) {
    const left = until - performance.now();
    if (left <= 0) break;
    const checkOptions = { timeoutMs: Math.max(1, Math.min(1_000, left)) };
    last = await checkOnce(
      protocol,
      target,
      options.path === undefined ? checkOptions : { ...checkOptions, path: options.path },
    );
    if (last.status === "healthy") return last;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, until - performance.now())),
    );
  }
  return {
    ...last,
    status: "unhealthy",
    reason: `not healthy within ${timeoutMs} ms (last check: ${last.reason})`,
  };
}
