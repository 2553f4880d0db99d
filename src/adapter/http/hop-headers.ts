import { VIA as VIA_VALUE } from "./http-defaults.js";

// Header rewriting at the proxy hop (RFC 9110 §7.6): connection-specific headers stop here,
// forwarding headers are added. Works on flat [name, value, name, value, …] lists so names
// keep their case and order, and nothing is allocated per header beyond the output list.

/** Headers that describe one connection and never cross a proxy (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Lower-cased names listed in the Connection header(s) (they are hop-by-hop too). */
function connectionTokens(raw: readonly string[]): Set<string> | null {
  let tokens: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length !== 10 || name.toLowerCase() !== "connection") continue;
    const value = raw[i + 1] as string;
    // The usual values name no header beyond the fixed hop-by-hop set: no Set needed.
    if (/^\s*(?:keep-alive|close)\s*$/i.test(value)) continue;
    for (const t of value.split(",")) (tokens ??= new Set()).add(t.trim().toLowerCase());
  }
  return tokens;
}

/** Name lengths worth lower-casing for in a request: most fields are none of these. */
const REQUEST_NAME_LENGTHS = lengthsOf([
  ...HOP_BY_HOP,
  ...["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "host", "via", "expect"],
  ...["traceparent", "tracestate"],
]);

/** Options of `forwardRequestHeaders`. */
export interface ForwardingInfo {
  /** The client's address, appended to X-Forwarded-For. */
  readonly clientIp: string;
  /** `http` or `https`, as the client reached the adapter. */
  readonly proto: string;
  /** Set `traceparent` to this value (replacing the client's), when given. */
  readonly traceparent?: string;
  /** With `traceparent`: the validated `tracestate` to send, or null to drop the client's. */
  readonly tracestate?: string | null;
  /** Keep `Upgrade` and `Connection: upgrade` (a WebSocket handshake passes through). */
  readonly upgrade?: boolean;
}

/**
 * The request headers for the backend: hop-by-hop headers dropped (`te: trailers` kept, as
 * gRPC needs it), `Expect` dropped (the adapter answers 100-continue itself), X-Forwarded-For
 * appended, X-Forwarded-Proto and -Host set when absent, Via appended.
 */
export function forwardRequestHeaders(raw: readonly string[], info: ForwardingInfo): string[] {
  const listed = connectionTokens(raw);
  const out: string[] = [];
  let forwardedFor: string | null = null;
  let sawProto = false;
  let sawHost = false;
  let host: string | null = null;
  let via: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    if (listed === null && REQUEST_NAME_LENGTHS[name.length] !== 1) {
      out.push(name, value);
      continue;
    }
    const lower = name.toLowerCase();
    switch (lower) {
      case "x-forwarded-for":
        forwardedFor = forwardedFor === null ? value : `${forwardedFor}, ${value}`;
        continue;
      case "via":
        via = via === null ? value : `${via}, ${value}`;
        continue;
      case "expect":
        continue;
      case "traceparent":
      case "tracestate":
        if (info.traceparent !== undefined) continue;
        break;
      case "te":
        if (value.trim().toLowerCase() === "trailers") out.push(name, value);
        continue;
      case "upgrade":
        if (info.upgrade === true) out.push(name, value);
        continue;
      case "connection":
        if (info.upgrade === true) out.push(name, "upgrade");
        continue;
      case "x-forwarded-proto":
        sawProto = true;
        break;
      case "x-forwarded-host":
        sawHost = true;
        break;
      case "host":
        host = value;
        break;
    }
    if (HOP_BY_HOP.has(lower) || (listed !== null && listed.has(lower))) continue;
    out.push(name, value);
  }
  out.push(
    "x-forwarded-for",
    forwardedFor === null ? info.clientIp : `${forwardedFor}, ${info.clientIp}`,
  );
  if (!sawProto) out.push("x-forwarded-proto", info.proto);
  if (!sawHost && host !== null) out.push("x-forwarded-host", host);
  out.push("via", via === null ? VIA_VALUE : `${via}, ${VIA_VALUE}`);
  if (info.traceparent !== undefined) {
    out.push("traceparent", info.traceparent);
    if (info.tracestate != null) out.push("tracestate", info.tracestate);
  }
  return out;
}

/** Response headers the adapter replaces or drops (`trailer` stays: it announces trailers). */
const DROP_RESPONSE = new Set([...HOP_BY_HOP, "x-baton-served-by"]);
DROP_RESPONSE.delete("trailer");

/** Name lengths worth lower-casing for: most fields are none of these. */
const RESPONSE_NAME_LENGTHS = lengthsOf([...DROP_RESPONSE, "via"]);

/**
 * The backend's response fields (flat [name, value, …], validated by the parser) for the
 * client: hop-by-hop fields and those the Connection field names dropped (the client connection
 * has its own framing), Via appended and `x-baton-served-by` set. Names keep their case.
 */
export function rewriteResponseFields(fields: readonly string[], servedBy: string): string[] {
  const listed = connectionTokens(fields);
  const out: string[] = [];
  let via: string | null = null;
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i] as string;
    const value = fields[i + 1] as string;
    if (listed !== null || RESPONSE_NAME_LENGTHS[name.length] === 1) {
      const lower = name.toLowerCase();
      if (lower === "via") {
        via = via === null ? value : `${via}, ${value}`;
        continue;
      }
      if (DROP_RESPONSE.has(lower) || (listed !== null && listed.has(lower))) continue;
    }
    out.push(name, value);
  }
  out.push("via", via === null ? VIA_VALUE : `${via}, ${VIA_VALUE}`);
  out.push("x-baton-served-by", servedBy);
  return out;
}

/** A table by length: 1 where some name of `names` has that length. */
function lengthsOf(names: readonly string[]): Uint8Array {
  const table = new Uint8Array(64);
  for (const name of names) table[name.length] = 1;
  return table;
}

/** The trace context headers of a request. */
export interface TraceHeaders {
  traceparent: string | undefined;
  /** Repeated `tracestate` fields joined (RFC 9110 list syntax). */
  tracestate: string | undefined;
}

/** Reads `traceparent` and `tracestate` straight from the raw header list, in one pass. */
export function traceHeaders(raw: readonly string[]): TraceHeaders {
  const out: TraceHeaders = { traceparent: undefined, tracestate: undefined };
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    // Length first: most headers are neither, and need no lower-casing.
    if (name.length === 11) {
      if (name.toLowerCase() === "traceparent") out.traceparent = raw[i + 1];
    } else if (name.length === 10 && name.toLowerCase() === "tracestate") {
      const value = raw[i + 1] as string;
      out.tracestate = out.tracestate === undefined ? value : `${out.tracestate},${value}`;
    }
  }
  return out;
}
