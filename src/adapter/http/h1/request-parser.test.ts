import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RequestParseError, RequestParser, type RequestHead } from "./request-parser.js";

/** A parser whose events are collected in `out`. */
function collector(maxHeadBytes = 8192) {
  // `rest`: every byte push returned past the request's end, joined (null when none).
  const out = { heads: [] as RequestHead[], body: "", ends: 0, rest: null as string | null };
  const events = {
    head: (head: RequestHead) => void out.heads.push(head),
    body: (chunk: Buffer) => void (out.body += chunk.toString("latin1")),
    end: () => void (out.ends += 1),
  };
  return { parser: new RequestParser(events, maxHeadBytes), out };
}

/** Feeds `chunks` (latin1) to a fresh parser and collects what it reported. */
function parse(chunks: readonly string[], maxHeadBytes = 8192) {
  const { parser, out } = collector(maxHeadBytes);
  for (const c of chunks) {
    const rest = parser.push(Buffer.from(c, "latin1"));
    if (rest !== null) out.rest = (out.rest ?? "") + rest.toString("latin1");
  }
  return out;
}

/** The status `chunks` are refused with, or "ok" when nothing was thrown (yet). */
function outcome(chunks: string | readonly string[], maxHeadBytes = 8192): number | "ok" {
  try {
    parse(typeof chunks === "string" ? [chunks] : chunks, maxHeadBytes);
    return "ok";
  } catch (error) {
    if (error instanceof RequestParseError) return error.status;
    throw error;
  }
}

/** Splits `text` at the given cut points. */
function cut(text: string, points: readonly number[]): string[] {
  const at = [...new Set([0, ...points.map((p) => p % (text.length + 1))])].sort((a, b) => a - b);
  return at.map((p, i) => text.slice(p, at[i + 1]));
}

const H = "Host: a.test\r\n";
const GET: RequestHead = {
  method: "GET",
  url: "/",
  minor: 1,
  rawHeaders: ["Host", "a.test"],
  contentLength: -1,
  chunked: false,
  keepAlive: true,
  upgrade: false,
  expectContinue: false,
};

const chars = (s: string) => fc.constantFrom(...s);
const token = fc.string({ unit: chars("aXz09!#$%&'*+-.^_`|~"), minLength: 1, maxLength: 9 });
const fieldValue = fc.string({ unit: chars('abcXYZ019 \t!"#/:;=?@[]{}~\xe9'), maxLength: 24 });

/** The head parsed from `text` (a request line and header lines, without the empty line). */
const headOf = (text: string) => parse([`${text}\r\n\r\n`]).heads[0];
const points = fc.array(fc.nat(), { maxLength: 10 });

const validRequest = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
  path: fc.string({ unit: chars("abcxyzABC0189-._~/?=&%"), maxLength: 30 }),
  headers: fc.array(fc.tuple(token, fieldValue), { maxLength: 6 }),
  framing: fc.constantFrom("none", "length", "chunked"),
  body: fc.string({ unit: chars("ab\r\n0 ;:"), maxLength: 120 }),
  sizes: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }),
});

/** Serializes a generated request; returns its bytes and the head and body expected. */
function serialize(r: typeof validRequest extends fc.Arbitrary<infer T> ? T : never) {
  const body = r.framing === "none" ? "" : r.body;
  // Prefixed so that no generated name is one the parser acts on (Host, Expect, …).
  const fields = r.headers.map(([n, v]): [string, string] => [`x-${n}`, v]);
  fields.unshift(["Host", "h.test"]);
  if (r.framing === "length") fields.push(["Content-Length", `${body.length}`]);
  if (r.framing === "chunked") fields.push(["Transfer-Encoding", "chunked"]);
  let text = `${r.method} /${r.path} HTTP/1.1\r\n`;
  for (const [name, value] of fields) text += `${name}:${value}\r\n`;
  text += "\r\n";
  if (r.framing === "length") text += body;
  if (r.framing === "chunked") {
    let rest = body;
    for (const [k, n] of r.sizes.entries()) {
      const part = rest.slice(0, n);
      rest = rest.slice(n);
      if (part !== "") text += `${part.length.toString(16)};k=${k}\r\n${part}\r\n`;
    }
    if (rest !== "") text += `${rest.length.toString(16)}\r\n${rest}\r\n`;
    text += "0\r\nx-trailer: 1\r\n\r\n";
  }
  const head: RequestHead = {
    ...GET,
    method: r.method,
    url: `/${r.path}`,
    rawHeaders: fields.flatMap(([n, v]) => [n, v.replace(/^[ \t]+|[ \t]+$/g, "")]),
    contentLength: r.framing === "length" ? body.length : -1,
    chunked: r.framing === "chunked",
  };
  return { text, head, body };
}

describe("RequestParser", () => {
  it("reads a GET without a body, and a POST with a Content-Length body", () => {
    const get = parse([`GET / HTTP/1.1\r\n${H}\r\n`]);
    expect(get).toEqual({ heads: [GET], body: "", ends: 1, rest: null });
    const post = parse([`POST /u?a=1 HTTP/1.1\r\n${H}Content-Length: 5\r\n\r\nhello`]);
    expect(post.heads[0]).toMatchObject({ method: "POST", url: "/u?a=1", contentLength: 5 });
    expect(post).toMatchObject({ body: "hello", ends: 1, rest: null });
  });

  it("reads a chunked body with extensions and trailers", () => {
    const text = `POST / HTTP/1.1\r\n${H}Transfer-Encoding: Chunked\r\n\r\n5;a=b\r\nhello\r\n6 ;x="y z"\r\n world\r\n0\r\nX-Sum: 1\r\n\r\n`;
    const out = parse([text]);
    expect(out.heads[0]).toMatchObject({ chunked: true, contentLength: -1 });
    expect(out).toMatchObject({ body: "hello world", ends: 1, rest: null });
  });

  it("keeps HTTP/1.0 alive only on request and closes HTTP/1.1 on `Connection: close`", () => {
    // HTTP/1.0 needs no Host.
    expect(headOf("GET / HTTP/1.0")).toMatchObject({ minor: 0, keepAlive: false });
    expect(headOf("GET / HTTP/1.0\r\nConnection: Keep-Alive")?.keepAlive).toBe(true);
    expect(headOf(`GET / HTTP/1.1\r\n${H}Connection: x, Close`)?.keepAlive).toBe(false);
  });

  it("skips empty lines before the request line, however they are split", () => {
    expect(parse([`\r\n\r\nGET / HTTP/1.1\r\n${H}\r\n`]).heads).toEqual([GET]);
    expect(parse(["\r\n", "\r", `\nGET / HTTP/1.1\r\n${H}`, "\r\n"]).heads).toEqual([GET]);
  });

  it("keeps header names' case and order, and values without surrounding whitespace", () => {
    const head = headOf(`GET / HTTP/1.1\r\nX-B: 1\r\n${H}x-b:  2 \r\nACCEPT:\t*/*`);
    expect(head?.rawHeaders).toEqual(["X-B", "1", "Host", "a.test", "x-b", "2", "ACCEPT", "*/*"]);
  });

  it("reports Expect: 100-continue (HTTP/1.1 only)", () => {
    expect(headOf(`PUT / HTTP/1.1\r\n${H}Expect: 100-Continue`)?.expectContinue).toBe(true);
    expect(headOf("PUT / HTTP/1.0\r\nExpect: 100-continue")?.expectContinue).toBe(false);
  });

  it("is an upgrade only with both `Connection: upgrade` and an Upgrade header", () => {
    const ws = `GET /ws HTTP/1.1\r\n${H}Connection: keep-alive, Upgrade\r\nUpgrade: websocket`;
    expect(headOf(ws)?.upgrade).toBe(true);
    // What follows the head belongs to the new protocol: handed back, not parsed.
    expect(parse([`${ws}\r\n\r\n\x81\x02hi`])).toMatchObject({ ends: 0, rest: "\x81\x02hi" });
    expect(headOf(`GET / HTTP/1.1\r\n${H}Upgrade: websocket`)?.upgrade).toBe(false);
    expect(headOf(`GET / HTTP/1.1\r\n${H}Connection: upgrade`)?.upgrade).toBe(false);
  });

  it("hands back a pipelined request, read after reset()", () => {
    const { parser, out } = collector();
    const second = `GET /2 HTTP/1.1\r\n${H}\r\n`;
    const rest = parser.push(
      Buffer.from(`POST /1 HTTP/1.1\r\n${H}Content-Length: 3\r\n\r\nabc${second}`),
    );
    expect(rest?.toString()).toBe(second);
    expect(parser.done).toBe(true);
    parser.reset();
    expect(parser.idle).toBe(true);
    expect(parser.push(rest as Buffer)).toBeNull();
    expect(out.heads.map((h) => h.url)).toEqual(["/1", "/2"]);
    expect(out).toMatchObject({ body: "abc", ends: 2 });
  });

  it("reads a valid request split anywhere as it reads it whole (property)", () => {
    fc.assert(
      fc.property(validRequest, points, (r, cuts) => {
        const { text, head, body } = serialize(r);
        const next = `GET /next HTTP/1.1\r\n${H}\r\n`;
        const whole = parse([text + next]);
        expect(whole).toEqual({ heads: [head], body, ends: 1, rest: next });
        expect(parse(cut(text + next, cuts))).toEqual(whole);
        expect(parse([...(text + next)])).toEqual(whole);
      }),
      { numRuns: 250 },
    );
  });

  it("refuses ambiguous framing (400) and codings other than a lone chunked (501)", () => {
    const refused = (fields: string) => outcome(`POST / HTTP/1.1\r\n${H}${fields}\r\n\r\n`);
    expect(refused("Content-Length: 3\r\nTransfer-Encoding: chunked")).toBe(400);
    expect(refused("Content-Length: 5\r\nContent-Length: 5")).toBe(400);
    for (const value of ["5, 5", "+5", "-1", "", "0x5", "5 5"])
      expect(refused(`Content-Length: ${value}`), value).toBe(400);
    for (const value of [
      "gzip, chunked",
      "identity",
      "chunked, chunked",
      "chunked\r\nTransfer-Encoding: chunked",
    ])
      expect(refused(`Transfer-Encoding: ${value}`), value).toBe(501);
    expect(outcome("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n")).toBe(400);
  });

  it("refuses malformed header blocks with 400", () => {
    const bad = [
      "GET / HTTP/1.1\r\n\r\n", // no Host
      `GET / HTTP/1.1\r\n${H}${H}\r\n`,
      "GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n",
      `GET / HTTP/1.1\r\nHost : a\r\n\r\n`,
      `GET / HTTP/1.1\r\n${H}X-A: 1\r\n folded\r\n\r\n`,
      `GET / HTTP/1.1\r\n Host: a\r\n\r\n`,
      `GET / HTTP/1.1\r\n${H}X-A: a\rb\r\n\r\n`,
      `GET / HTTP/1.1\r\n${H}X-A: a\0b\r\n\r\n`,
      `GET / HTTP/1.1\r\n${H}X-A: a\x7fb\r\n\r\n`,
      `GET / HTTP/1.1\r\n${H}X(A): 1\r\n\r\n`,
      `GET / HTTP/1.1\r\n${H}: 1\r\n\r\n`,
      `GET /a b HTTP/1.1\r\n${H}\r\n`,
      `GET /a\x01b HTTP/1.1\r\n${H}\r\n`,
      `GET  / HTTP/1.1\r\n${H}\r\n`,
      `GET / HTTP/1.1x\r\n${H}\r\n`,
      `GET / http/1.1\r\n${H}\r\n`,
    ];
    for (const text of bad) expect(outcome(text), JSON.stringify(text)).toBe(400);
  });

  it("refuses bare LF line ends at once, complete head or not", () => {
    expect(outcome("GET / HTTP/1.1\nHost: a\n\n")).toBe(400);
    expect(outcome("GET / HTTP/1.1\n")).toBe(400);
    expect(outcome(["GET / HTTP/1.1\r\nHost: a\r", "\n", "X: 1\n"])).toBe(400);
    expect(outcome(`GET / HTTP/1.1\r\n${H}X: 1\n\r\n`)).toBe(400);
  });

  it("answers 505, 417 and 405 for what it understands but does not support", () => {
    expect(outcome(`GET / HTTP/2.0\r\n${H}\r\n`)).toBe(505);
    expect(outcome(`GET / HTTP/1.1\r\n${H}Expect: something-else\r\n\r\n`)).toBe(417);
    expect(outcome(`GET / HTTP/1.1\r\n${H}Expect: 100-continue, x\r\n\r\n`)).toBe(417);
    expect(outcome("CONNECT a.test:443 HTTP/1.1\r\nHost: a.test:443\r\n\r\n")).toBe(405);
  });

  it("judges every Expect field line", () => {
    expect(outcome(`GET / HTTP/1.1\r\n${H}Expect: x\r\nExpect: 100-continue\r\n\r\n`)).toBe(417);
  });

  it("refuses a head over maxHeadBytes (431), before its end arrives too", () => {
    const big = `GET / HTTP/1.1\r\n${H}X-Big: ${"a".repeat(200)}`;
    expect(outcome(`${big}\r\n\r\n`, 100)).toBe(431);
    expect(outcome(big, 100)).toBe(431);
    expect(outcome(cut(big, [40, 80, 120, 160]), 100)).toBe(431);
  });

  it("measures a head the same however it is split", () => {
    const text = `GET / HTTP/1.1\r\n${H}\r\n`;
    expect(outcome(text, text.length - 4)).toBe("ok");
    expect(outcome([text.slice(0, -1), text.slice(-1)], text.length - 4)).toBe("ok");
  });

  it("refuses a malformed chunked body with 400", () => {
    const head = `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n`;
    const bodies = ["zz\r\n", "123456789\r\n", "2\r\nabX", "2\r\nab\n", "0\r\nbad trailer\r\n\r\n"];
    for (const body of bodies) expect(outcome(head + body), JSON.stringify(body)).toBe(400);
  });

  it("throws only RequestParseError, whatever the bytes (property)", () => {
    const pieces =
      "GET |/| HTTP/1.1| HTTP/1.0|\r\n|\r|\n|:| |\t|0|5|ffffffff|;e|\0|\x7f|\xff".split("|");
    pieces.push(H, "Content-Length: 3", "Connection: upgrade\r\nUpgrade: x\r\n\r\n");
    pieces.push(`POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n`);
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString("latin1")),
      fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((a) => a.join("")),
    );
    fc.assert(
      fc.property(junk, points, fc.constantFrom(40, 8192), (text, cuts, max) => {
        const parser = new RequestParser({ head() {}, body() {}, end() {} }, max);
        try {
          for (const piece of cut(text, cuts)) {
            let rest = parser.push(Buffer.from(piece, "latin1"));
            // Pipelined (or upgraded) bytes: read them as the next request.
            while (rest !== null) {
              parser.reset();
              rest = parser.push(rest);
            }
          }
        } catch (error) {
          expect(error).toBeInstanceOf(RequestParseError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
