import { GRPC_MAX_MESSAGE_CHARS } from "./grpc-defaults.js";

/** The gRPC status codes the adapter itself sends or reasons about (grpc/doc/statuscodes.md). */
export const GRPC_STATUS = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  DEADLINE_EXCEEDED: 4,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

// PROTOCOL-HTTP2.md: TimeoutValue is 1-8 ASCII digits, then one unit letter.
const TIMEOUT_RE = /^(\d{1,8})([HMSmun])$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  H: 3_600_000,
  M: 60_000,
  S: 1_000,
  m: 1,
  u: 0.001,
  n: 0.000_001,
};

/**
 * The `grpc-timeout` header as whole milliseconds (rounded up, so a tiny budget still gets one
 * sweep), or null when absent or malformed (the node's own deadline applies then).
 */
export function parseGrpcTimeout(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = TIMEOUT_RE.exec(value);
  if (match === null) return null;
  const [, digits = "", unit = ""] = match;
  return Math.ceil(Number(digits) * (UNIT_MS[unit] ?? 0));
}

/**
 * `text` percent-encoded for `grpc-message`: bytes outside printable ASCII and '%' become %XX
 * of their UTF-8 (PROTOCOL-HTTP2.md), after cutting to `GRPC_MAX_MESSAGE_CHARS`.
 */
export function encodeGrpcMessage(text: string): string {
  const cut = text.length > GRPC_MAX_MESSAGE_CHARS ? text.slice(0, GRPC_MAX_MESSAGE_CHARS) : text;
  let out = "";
  for (const byte of Buffer.from(cut, "utf8")) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
