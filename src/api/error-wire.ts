import { BatonError, ERROR_CODES, isBatonError, type ErrorCode } from "../common/index.js";
import type { ErrorBody } from "./admin-api.js";

/** The wire form of a failure. Anything but a BatonError is a bug: E_INTERNAL, never a stack. */
export function toErrorBody(error: unknown, where: string): ErrorBody {
  if (isBatonError(error)) {
    const body = { code: error.code, message: error.message };
    return { error: error.hint === undefined ? body : { ...body, hint: error.hint } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: "E_INTERNAL", message: `${where} failed: ${message}` } };
}

/** The BatonError a non-2xx response stands for; codes this build does not know become E_INTERNAL. */
export function fromErrorBody(status: number, body: unknown): BatonError {
  const error = (body as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  const code = error?.["code"];
  const message = error?.["message"];
  const hint = error?.["hint"];
  if (typeof code !== "string" || typeof message !== "string")
    return new BatonError("E_INTERNAL", `the admin API answered ${status} without an error body`);
  if (!(code in ERROR_CODES))
    return new BatonError("E_INTERNAL", `the admin API answered ${status} ${code}: ${message}`, {
      hint: "the owner may run a newer Baton than this command; restart it with this version",
    });
  return new BatonError(code as ErrorCode, message, {
    hint: typeof hint === "string" ? hint : undefined,
  });
}
