import type { Random } from "../../common/index.js";
import { MAX_TRACESTATE_CHARS, MAX_TRACESTATE_MEMBERS } from "./defaults.js";

/** A parsed W3C `traceparent` header (Trace Context Level 1 §3.2). */
export interface Traceparent {
  /** 2 lowercase hex, never "ff". */
  readonly version: string;
  /** 32 lowercase hex, not all zero. */
  readonly traceId: string;
  /** 16 lowercase hex, not all zero: the caller's span. */
  readonly parentId: string;
  /** 2 lowercase hex; bit 0 is "sampled". */
  readonly flags: string;
}

/** The trace context to forward upstream, and what to record about this hop. */
export interface OutgoingTrace {
  readonly traceId: string;
  /** The new span this hop creates: 16 lowercase hex. */
  readonly spanId: string;
  /** The inbound caller's span; `null` when this hop started the trace. */
  readonly parentSpanId: string | null;
  readonly sampled: boolean;
  /** The `traceparent` header value to send: `00-<traceId>-<spanId>-<flags>`. */
  readonly traceparent: string;
  /** The `tracestate` to send unchanged, or `null` to send none. */
  readonly tracestate: string | null;
}

const VERSION_00_LENGTH = 55;
const TRACEPARENT_RE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE_ID = "0".repeat(32);
const ZERO_SPAN_ID = "0".repeat(16);
// §3.3.1.3: simple key, or multi-tenant `tenant@system`; values are printable ASCII minus , =
// with no trailing space.
const TRACESTATE_KEY_RE =
  /^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})$/;
const TRACESTATE_VALUE_RE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
const SAMPLED_FLAG = 0x01;
const UINT32_RANGE = 4_294_967_296;

/**
 * Parses a `traceparent` value, or `null` when invalid. Version 00 must be exactly 55 chars;
 * a later version may be longer if a '-' follows the flags, and is read as 00 (§3.2.4).
 */
export function parseTraceparent(value: string | undefined): Traceparent | null {
  if (value === undefined || value.length < VERSION_00_LENGTH) return null;
  const head = value.slice(0, VERSION_00_LENGTH);
  const match = TRACEPARENT_RE.exec(head);
  if (match === null) return null;
  const [, version = "", traceId = "", parentId = "", flags = ""] = match;
  if (version === "ff" || traceId === ZERO_TRACE_ID || parentId === ZERO_SPAN_ID) return null;
  if (value.length > VERSION_00_LENGTH && (version === "00" || value[VERSION_00_LENGTH] !== "-"))
    return null;
  return { version, traceId, parentId, flags };
}

/** The header value for `tp`: `version-traceId-parentId-flags`. */
export function formatTraceparent(tp: Traceparent): string {
  return `${tp.version}-${tp.traceId}-${tp.parentId}-${tp.flags}`;
}

/** Whether `value` is a valid `tracestate` (≤ 512 chars, ≤ 32 members, unique keys, §3.3). */
export function isValidTracestate(value: string): boolean {
  if (value.length > MAX_TRACESTATE_CHARS) return false;
  const keys = new Set<string>();
  for (const raw of value.split(",")) {
    const member = raw.replace(/^[ \t]+|[ \t]+$/g, "");
    if (member === "") continue; // empty members are allowed and ignored (§3.3.1.1)
    const eq = member.indexOf("=");
    if (eq === -1) return false;
    const key = member.slice(0, eq);
    if (!TRACESTATE_KEY_RE.test(key) || !TRACESTATE_VALUE_RE.test(member.slice(eq + 1)))
      return false;
    if (keys.has(key) || keys.size === MAX_TRACESTATE_MEMBERS) return false;
    keys.add(key);
  }
  return true;
}

/**
 * The context to forward: continues a valid inbound trace with a new child span (keeping its
 * sampled bit and, when valid, its `tracestate`), or starts a new sampled trace. Reads headers
 * only; ids come from `random`.
 */
export function continueTrace(
  traceparent: string | undefined,
  tracestate: string | undefined,
  random: Random,
): OutgoingTrace {
  const parent = parseTraceparent(traceparent);
  const spanId = newSpanId(random);
  if (parent === null) {
    // A trace restarted here drops tracestate too: it belonged to the lost parent (§3.3.1).
    const traceId = newTraceId(random);
    return trace(traceId, spanId, null, true, null);
  }
  // Version 00 defines only the sampled bit; unknown bits are not forwarded (§3.2.2.5).
  const sampled = (Number.parseInt(parent.flags, 16) & SAMPLED_FLAG) !== 0;
  const state = tracestate !== undefined && isValidTracestate(tracestate) ? tracestate : null;
  return trace(parent.traceId, spanId, parent.parentId, sampled, state);
}

/** A random trace id: 32 lowercase hex, never all zero. */
export function newTraceId(random: Random): string {
  return randomHex(random, 4);
}

/** A random span id: 16 lowercase hex, never all zero. */
export function newSpanId(random: Random): string {
  return randomHex(random, 2);
}

// Scratch for id generation: ids are made once per proxied request, so they are written as
// 32-bit words into one reused buffer and hex-encoded natively (no per-digit strings).
const SCRATCH = Buffer.alloc(16);

/** `words` × 32 random bits as lowercase hex; the last bit is set when every bit was zero. */
function randomHex(random: Random, words: number): string {
  let any = 0;
  for (let i = 0; i < words; i++) {
    const r = random.next();
    if (!(r >= 0 && r < 1))
      throw new TypeError(`random source must return a value in [0, 1), got ${r}`);
    const word = Math.floor(r * UINT32_RANGE);
    any |= word;
    SCRATCH.writeUInt32BE(word, i * 4);
  }
  if (any === 0) SCRATCH[words * 4 - 1] = 1; // an all-zero id is invalid (§3.2.2.3)
  return SCRATCH.toString("hex", 0, words * 4);
}

function trace(
  traceId: string,
  spanId: string,
  parentSpanId: string | null,
  sampled: boolean,
  tracestate: string | null,
): OutgoingTrace {
  const traceparent = `00-${traceId}-${spanId}-${sampled ? "01" : "00"}`;
  return { traceId, spanId, parentSpanId, sampled, traceparent, tracestate };
}
