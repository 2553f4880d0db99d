import { SOAP_HEALTH_BODY_BYTES } from "./health-defaults.js";
import type { HealthResult, HealthTarget } from "./health-result.js";
import { judgeHttpStatus, type CappedAnswer } from "./http-get-capped.js";
import { checkByGet, type HttpHealthOptions } from "./http-health.js";
import type { Verdict } from "./settle-within.js";
import { findSoapFault } from "../protocols/soap/index.js";

/** GETs the health path like the HTTP check; a SOAP 1.1/1.2 Fault in the body makes it unhealthy. */
export function checkSoapHealth(
  target: HealthTarget,
  options: HttpHealthOptions = {},
): Promise<HealthResult> {
  return checkByGet(target, options, SOAP_HEALTH_BODY_BYTES, judgeSoapAnswer);
}

/** A Fault wins over the status (a fault usually comes with a 500 anyway). */
function judgeSoapAnswer(answer: CappedAnswer): Verdict {
  const fault = findSoapFault(answer.body);
  if (fault === null) return judgeHttpStatus(answer);
  const text = [fault.code, fault.message].filter((s) => s !== "").join(": ");
  return { status: "unhealthy", reason: text === "" ? "SOAP fault" : `SOAP fault ${text}` };
}
