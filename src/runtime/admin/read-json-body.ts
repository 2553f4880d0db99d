import type { IncomingMessage } from "node:http";
import { BatonError } from "../../common/index.js";
import { ADMIN_STATUS } from "../../api/index.js";
import { HttpRefusal } from "./http-refusal.js";

/**
 * The JSON body of `request`, or undefined when it has none. A body must say
 * `content-type: application/json` and fit in `maxBytes`; reading stops as soon as it does not.
 */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = request.headers["content-length"];
  const chunked = request.headers["transfer-encoding"] !== undefined;
  if (!chunked && (declared === undefined || Number(declared) === 0)) return undefined;
  if (!isJson(request.headers["content-type"]))
    throw refuse(ADMIN_STATUS.UNSUPPORTED_MEDIA_TYPE, "the request body must be JSON", {
      hint: "send it with `content-type: application/json`",
    });
  if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch (error) {
    throw refuse(
      ADMIN_STATUS.BAD_REQUEST,
      `the request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() === "application/json";
}

function tooLarge(maxBytes: number): HttpRefusal {
  return refuse(ADMIN_STATUS.PAYLOAD_TOO_LARGE, `the request body is over ${maxBytes} bytes`);
}

function refuse(status: number, message: string, options: { hint?: string } = {}): HttpRefusal {
  return new HttpRefusal(status, new BatonError("E_USAGE", message, options));
}
