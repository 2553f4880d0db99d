import { describe, expect, it } from "vitest";
import { ChunkedDecoder, hasBareLf } from "./chunked-decoder.js";

/** What the decoder is told to throw, so a test can tell it from any other error. */
class Refused extends Error {}

interface Decoded {
  body: string;
  trailers: string[];
  /** Every byte push returned past the body's end, joined (null when none). */
  rest: string | null;
  done: boolean;
}

/** Feeds `chunks` (latin1) to a fresh decoder and collects what it produced. */
function decode(chunks: readonly string[], maxTrailerBytes = 1024): Decoded {
  let body = "";
  let rest: string | null = null;
  const decoder = new ChunkedDecoder(
    (chunk) => void (body += chunk.toString("latin1")),
    (message) => new Refused(message),
    maxTrailerBytes,
  );
  for (const c of chunks) {
    const more = decoder.push(Buffer.from(c, "latin1"));
    if (more !== null) rest = (rest ?? "") + more.toString("latin1");
  }
  return { body, trailers: decoder.trailerLines, rest, done: decoder.done };
}

/** The message `chunks` are refused with, or "ok" when nothing was thrown (yet). */
function refusal(chunks: string | readonly string[], maxTrailerBytes = 1024): string {
  try {
    decode(typeof chunks === "string" ? [chunks] : chunks, maxTrailerBytes);
    return "ok";
  } catch (error) {
    if (error instanceof Refused) return error.message;
    throw error;
  }
}

// Sizes in both cases, padding and an extension, data holding CR and LF, two trailers, and
// the start of whatever follows the body.
const BODY =
  '5;a=b\r\nhello\r\nA ;x="y z"\r\n0123456789\r\n0002 \t\r\n\r\n\r\n0\r\nx-a: 1\r\nx-b:2\r\n\r\nNEXT';
const DECODED: Decoded = {
  body: "hello0123456789\r\n",
  trailers: ["x-a: 1", "x-b:2"],
  rest: "NEXT",
  done: true,
};

describe("ChunkedDecoder", () => {
  it("decodes a multi-chunk body split at every byte boundary", () => {
    expect(decode([BODY])).toEqual(DECODED);
    expect(decode([...BODY])).toEqual(DECODED);
    for (let i = 0; i <= BODY.length; i++)
      for (let j = i; j <= BODY.length; j++)
        expect(decode([BODY.slice(0, i), BODY.slice(i, j), BODY.slice(j)]), `${i}/${j}`).toEqual(
          DECODED,
        );
  });

  it("waits for more until the last chunk and trailer section arrive", () => {
    expect(decode(["5\r\nhel"])).toEqual({ body: "hel", trailers: [], rest: null, done: false });
    expect(decode(["5\r\nhello\r\n0\r\nx: 1\r\n"]).done).toBe(false);
    // Eight hex digits is the largest size taken: its data simply has not arrived yet.
    expect(decode(["ffffffff\r\nab"])).toMatchObject({ body: "ab", done: false });
  });

  it("collects no trailer lines when there are none, and returns what follows", () => {
    expect(decode(["0\r\n\r\n"])).toEqual({ body: "", trailers: [], rest: null, done: true });
    expect(decode(["0\r\n\r\nGET", " /"])).toMatchObject({ rest: "GET /", done: true });
    expect(decode(["0\r\n\r", "\nabc"])).toMatchObject({ rest: "abc", done: true });
  });

  it("refuses malformed chunk sizes", () => {
    const bad = [
      "zz\r\n",
      "\r\n",
      " 5\r\n",
      "5 x\r\n",
      "-1\r\n",
      "0x5\r\n",
      "+5\r\n",
      "5;a\x01\r\n",
      "5\0\r\n",
      "5\nhello\r\n",
      "123456789\r\n", // more than 8 hex digits, even if leading zeros
      "000000005\r\n",
    ];
    for (const text of bad) expect(refusal(text), JSON.stringify(text)).toMatch(/chunk size/);
    expect(refusal(`1;${"e".repeat(5000)}`)).toMatch(/too long/);
  });

  it("refuses a chunk not followed by CRLF, as soon as that is seen", () => {
    for (const chunks of [["2\r\nabX"], ["2\r\nab\n"], ["2\r\nab\r\r"], ["2\r\nab\r", "X"]])
      expect(refusal(chunks), JSON.stringify(chunks)).toMatch(/not followed by CRLF/);
  });

  it("refuses a bare LF in an incomplete trailer section", () => {
    expect(refusal("0\r\nx: 1\n")).toMatch(/bare LF/);
    expect(refusal(["0\r\n", "\n"])).toMatch(/bare LF/);
  });

  it("refuses a bare LF in a complete trailer section too", () => {
    expect(refusal("0\r\nx: 1\ny: 2\r\n\r\n")).toMatch(/bare LF/);
  });

  it("refuses a trailer section over the limit, complete or not", () => {
    const trailer = `0\r\nx: ${"a".repeat(40)}`;
    expect(refusal(`${trailer}\r\n\r\n`, 16)).toMatch(/too large/);
    expect(refusal(trailer, 16)).toMatch(/too large/);
    expect(refusal(trailer, 1024)).toBe("ok");
  });

  it("refuses a chunk size line over the limit even when it arrives whole", () => {
    expect(refusal(`1;${"e".repeat(5000)}\r\nx\r\n0\r\n\r\n`)).toMatch(/too long/);
  });

  it("measures a trailer section the same however it is split", () => {
    const text = "0\r\nx: 12345678\r\n\r\n";
    const max = text.length - 7; // the section without "0\r\n" and its final CRLFCRLF
    expect(refusal(text, max)).toBe("ok");
    expect(refusal([text.slice(0, -1), text.slice(-1)], max)).toBe("ok");
  });
});

describe("hasBareLf", () => {
  it("finds an LF not preceded by CR", () => {
    for (const s of ["\n", "a\n", "\n\r\n", "a\r\nb\n", "\r\n\n", "\n\r"])
      expect(hasBareLf(Buffer.from(s)), JSON.stringify(s)).toBe(true);
    for (const s of ["", "a", "\r", "\r\n", "a\r\nb\r\n", "\r\r\n", "\r\n\r\n"])
      expect(hasBareLf(Buffer.from(s)), JSON.stringify(s)).toBe(false);
  });
});
