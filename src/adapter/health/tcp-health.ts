import { connect } from "node:net";
import { systemClock } from "../../common/index.js";
import { HEALTH_TIMEOUT_MS } from "./health-defaults.js";
import type { HealthCheckOptions, HealthResult, HealthTarget } from "./health-result.js";
import { errorText, settleWithin, type Verdict } from "./settle-within.js";

/** Healthy when a TCP connection to the target opens within the timeout; closed right away. */
export async function checkTcpHealth(
  target: HealthTarget,
  options: HealthCheckOptions = {},
): Promise<HealthResult> {
  const clock = options.clock ?? systemClock;
  const startedMs = clock.monoMs();
  const verdict = await tcpConnectVerdict(target, options.timeoutMs ?? HEALTH_TIMEOUT_MS);
  return { status: verdict.status, reason: verdict.reason, latencyMs: clock.monoMs() - startedMs };
}

/** The TCP connect probe as a bare verdict (the gRPC check falls back to it). */
export function tcpConnectVerdict(target: HealthTarget, timeoutMs: number): Promise<Verdict> {
  return settleWithin(timeoutMs, (done) => {
    const socket = connect({ host: target.host, port: target.port });
    socket.on("connect", () => done({ status: "healthy", reason: "TCP connect ok" }));
    socket.on("error", (err) => done({ status: "unhealthy", reason: `connect ${errorText(err)}` }));
    return () => socket.destroy();
  });
}
