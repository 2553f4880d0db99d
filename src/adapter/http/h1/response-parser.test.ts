import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fieldsRecord } from "./fields.js";
import { ResponseParser } from "./response-parser.js";

interface Parsed {
  heads: number[];
  headers: Record<string, string | string[]>;
  body: string;
  trailers: Record<string, string | string[]> | null;
  keepAlive: boolean | null;
}

/** Feeds `chunks` (then, when `close`, the end of the connection) and collects what it reported. */
function parse(chunks: readonly string[], options: { head?: boolean; close?: boolean } = {}) {
  const out: Parsed = { heads: [], headers: {}, body: "", trailers: null, keepAlive: null };
  const parser = new ResponseParser(
    {
      head: (status, _reason, headers) => {
        out.heads.push(status);
        out.headers = fieldsRecord(headers);
      },
      data: (chunk) => (out.body += chunk.toString("latin1")),
      end: (trailers, keepAlive) => {
        out.trailers = fieldsRecord(trailers);
        out.keepAlive = keepAlive;
      },
    },
    options.head === true,
  );
  for (const c of chunks) parser.push(Buffer.from(c, "latin1"));
  if (options.close === true) parser.close();
  return out;
}

/** Splits `text` at the given cut points. */
function cut(text: string, points: readonly number[]): string[] {
  const sorted = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const p of sorted) {
    parts.push(text.slice(from, p));
    from = p;
  }
  parts.push(text.slice(from));
  return parts;
}

const body = fc.string({ unit: fc.constantFrom("a", "b", "\r", "\n", "0", " "), maxLength: 200 });

describe("ResponseParser", () => {
  it("reads Content-Length, chunked (with trailers) and close-delimited bodies split anywhere (property)", () => {
    fc.assert(
      fc.property(
        body,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 6 }),
        (text, points, sizes) => {
          const fixed = `HTTP/1.1 200 OK\r\ncontent-length: ${text.length}\r\n\r\n${text}`;
          expect(parse(cut(fixed, points))).toMatchObject({
            body: text,
            keepAlive: true,
            heads: [200],
          });
          let rest = text;
          let chunked =
            "HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\ntrailer: x-sum\r\n\r\n";
          for (const n of sizes) {
            const part = rest.slice(0, n);
            rest = rest.slice(n);
            if (part !== "") chunked += `${part.length.toString(16)};ext=1\r\n${part}\r\n`;
          }
          if (rest !== "") chunked += `${rest.length.toString(16)}\r\n${rest}\r\n`;
          chunked += "0\r\nx-sum: 42\r\n\r\n";
          expect(parse(cut(chunked, points))).toMatchObject({
            body: text,
            trailers: { "x-sum": "42" },
            heads: [201],
          });
          const untilClose = `HTTP/1.1 200 OK\r\n\r\n${text}`;
          expect(parse(cut(untilClose, points), { close: true })).toMatchObject({
            body: text,
            keepAlive: false,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("has no body for HEAD, 204 and 304, skips 1xx heads, and honours Connection", () => {
    expect(parse(["HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n"], { head: true })).toMatchObject({
      body: "",
      keepAlive: true,
    });
    expect(parse(["HTTP/1.1 204 No Content\r\n\r\n"])).toMatchObject({ trailers: {}, body: "" });
    expect(
      parse([
        "HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
      ]),
    ).toMatchObject({ heads: [103, 200], body: "ok", keepAlive: false });
    expect(parse(["HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n"]).keepAlive).toBe(false);
    expect(
      parse(["HTTP/1.1 200 OK\r\nset-cookie: a=1\r\nset-cookie: b=2\r\ncontent-length: 0\r\n\r\n"])
        .headers["set-cookie"],
    ).toEqual(["a=1", "b=2"]);
  });

  it("refuses responses that could desynchronise the connection", () => {
    const bad = [
      "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n",
      "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\n",
      "HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
      "HTTP/1.1 200 OK\r\nx-a: 1\r\n folded\r\n\r\n",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabX",
      "HTTP/2 200\r\n\r\n",
      "HTTP/1.1 200 OK\r\nbad header\r\n\r\n",
    ];
    for (const text of bad)
      expect(() => parse([text]), JSON.stringify(text)).toThrow(
        expect.objectContaining({ code: "BATON_BAD_RESPONSE" }),
      );
    expect(() => parse([`HTTP/1.1 200 OK\r\nx: ${"a".repeat(70_000)}`])).toThrow(/too large/);
    expect(() =>
      parse(["HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort"], { close: true }),
    ).toThrow(/mid-response/);
  });
});
