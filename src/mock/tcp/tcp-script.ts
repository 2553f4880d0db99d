import { BatonError } from "../../common/index.js";

/** Longest line a scripted TCP mock buffers, bytes; a longer one closes the connection. */
export const MAX_LINE_BYTES = 64 * 1024;

/** One scripted answer: a line equal to `match` (a string) or matching it (a RegExp) gets `reply`. */
export interface TcpReply {
  readonly match: string | RegExp;
  /** Sent as is: include the line ending the client expects (e.g. "+OK\r\n"). */
  readonly reply: string | Buffer;
}

/** What a scripted TCP mock says: a banner on connect, then an answer per line received. */
export interface TcpScript {
  readonly banner?: string | Buffer;
  readonly replies?: readonly TcpReply[];
  /** A line no reply matches is echoed back (default) or answered with nothing. */
  readonly fallback?: "echo" | "silent";
}

/** A script checked once and turned into bytes, ready for every connection. */
export interface CompiledScript {
  readonly banner: Buffer | null;
  readonly replies: readonly { readonly test: (line: string) => boolean; readonly reply: Buffer }[];
  readonly echo: boolean;
}

/**
 * Checks `script` and compiles it; a malformed one is a BatonError naming the field, so a bad
 * config fails when the mock is built, not on the first connection.
 */
export function compileScript(node: string, script: TcpScript): CompiledScript {
  const fail = (field: string, problem: string): never => {
    throw new BatonError(
      "E_CONFIG_INVALID",
      `tcp mock of node '${node}': script.${field} ${problem}`,
      { hint: "a script has banner?: text, replies?: [{ match, reply }], fallback?: echo|silent" },
    );
  };
  if (typeof script !== "object" || script === null) return fail("", "must be an object");
  const banner = script.banner === undefined ? null : bytes(script.banner, "banner", fail);
  const fallback = script.fallback ?? "echo";
  if (fallback !== "echo" && fallback !== "silent")
    fail("fallback", `must be "echo" or "silent", not ${JSON.stringify(fallback)}`);
  const given: unknown = script.replies ?? [];
  if (!Array.isArray(given)) return fail("replies", "must be a list");
  const replies = (given as unknown[]).map((entry, i) => {
    const field = `replies[${i}]`;
    if (typeof entry !== "object" || entry === null) return fail(field, "must be an object");
    const { match, reply } = entry as { match?: unknown; reply?: unknown };
    return {
      test: matcher(match, `${field}.match`, fail),
      reply: bytes(reply, `${field}.reply`, fail),
    };
  });
  return { banner, replies, echo: fallback === "echo" };
}

function bytes(value: unknown, field: string, fail: (f: string, p: string) => never): Buffer {
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (Buffer.isBuffer(value)) return Buffer.from(value); // a copy: the caller may reuse theirs
  return fail(field, "must be a string or a Buffer");
}

function matcher(
  value: unknown,
  field: string,
  fail: (f: string, p: string) => never,
): (line: string) => boolean {
  if (typeof value === "string") {
    // Lines arrive without their LF (and CR), so a match holding one could never be met.
    if (/[\r\n]/.test(value)) fail(field, "must not contain a line break");
    return (line) => line === value;
  }
  if (value instanceof RegExp) {
    // `g` and `y` make `test` remember `lastIndex`: the same line would match every other time.
    const re = new RegExp(value.source, value.flags.replace(/[gy]/g, ""));
    return (line) => re.test(line);
  }
  return fail(field, "must be a string or a RegExp");
}
