import { systemClock } from "../../common/index.js";
import {
  HEALTH_PATH,
  HEALTH_PATH_PATTERN,
  HEALTH_TIMEOUT_MS,
  SOAP_HEALTH_BODY_BYTES,
} from "./health-defaults.js";
import type { HealthResult, HealthTarget } from "./health-result.js";
import { getCapped, judgeHttpStatus, type CappedAnswer } from "./http-get-capped.js";
import { invalidPath, type HttpHealthOptions } from "./http-health.js";
import type { Verdict } from "./settle-within.js";
import { findSoapFault } from "../protocols/soap/index.js";

/** GETs the health path like the HTTP check; a SOAP 1.1/1.2 Fault in the body makes it unhealthy. */
export async function checkSoapHealth(
  target: HealthTarget,
  options: HttpHealthOptions = {},
): Promise<HealthResult> {
  const clock = options.clock ?? systemClock;
  const startedMs = clock.monoMs();
  const path = options.path ?? HEALTH_PATH;
  if (!HEALTH_PATH_PATTERN.test(path)) return invalidPath(path, clock.monoMs() - startedMs);
  const verdict = await getCapped(
    target,
    path,
    options.maxBodyBytes ?? SOAP_HEALTH_BODY_BYTES,
    options.timeoutMs ?? HEALTH_TIMEOUT_MS,
    judgeSoapAnswer,
  );
  return { status: verdict.status, reason: verdict.reason, latencyMs: clock.monoMs() - startedMs };
}

/** A Fault wins over the status (a fault usually comes with a 500 anyway). */
function judgeSoapAnswer(answer: CappedAnswer): Verdict {
  const fault = findSoapFault(answer.body);
  if (fault === null) return judgeHttpStatus(answer);
  const text = [fault.code, fault.message].filter((s) => s !== "").join(": ");
  return { status: "unhealthy", reason: text === "" ? "SOAP fault" : `SOAP fault ${text}` };
}
