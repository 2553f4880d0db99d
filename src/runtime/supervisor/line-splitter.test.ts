import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CUT_MARKER } from "./defaults.js";
import { LineSplitter } from "./line-splitter.js";

/** Feeds `chunks` to a splitter (then ends it) and returns what it emitted. */
function split(chunks: readonly string[], maxChars?: number): [string, boolean][] {
  const lines: [string, boolean][] = [];
  const splitter = new LineSplitter((text, cut) => lines.push([text, cut]), maxChars);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

/** `text` cut into pieces at the given offsets. */
function chunked(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
}

describe("LineSplitter", () => {
  it("splits on \\n, strips a trailing \\r, keeps empty lines and flushes a last partial line", () => {
    expect(split(["a\nb\r\n\nc"])).toEqual([
      ["a", false],
      ["b", false],
      ["", false],
      ["c", false],
    ]);
    expect(split(["a\n"])).toEqual([["a", false]]);
    expect(split([])).toEqual([]);
  });

  it("joins a line that arrives in pieces, even with \\r and \\n in different chunks", () => {
    expect(split(["he", "llo\r", "\nwor", "ld\n"])).toEqual([
      ["hello", false],
      ["world", false],
    ]);
  });

  it("cuts a long line at the limit, marks it, and drops the rest up to its newline", () => {
    expect(split(["abcdefgh", "ijk\nnext\n"], 5)).toEqual([
      [`abcde${CUT_MARKER}`, true],
      ["next", false],
    ]);
    // Exactly at the limit is not cut.
    expect(split(["abcde\n"], 5)).toEqual([["abcde", false]]);
    // A cut line with no newline before the end is not emitted twice.
    expect(split(["abcdefgh"], 5)).toEqual([[`abcde${CUT_MARKER}`, true]]);
  });

  it("never leaves half of a surrogate pair at a cut", () => {
    expect(split(["abcd😀xyz\n"], 5)).toEqual([[`abcd${CUT_MARKER}`, true]]);
  });

  it("emits the same lines however the text is chunked", () => {
    const line = fc.string({ unit: fc.constantFrom("a", "b", "\r", "é", " "), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(line), fc.array(fc.nat()), (lines, cuts) => {
        const text = lines.map((l) => `${l}\n`).join("");
        const expected = lines.map((l) => [l.endsWith("\r") ? l.slice(0, -1) : l, false]);
        expect(split(chunked(text, cuts))).toEqual(expected);
      }),
    );
  });

  it("keeps every emitted line within the limit plus the marker", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "\n"), maxLength: 60 }),
        fc.array(fc.nat()),
        fc.integer({ min: 1, max: 8 }),
        (text, cuts, max) => {
          for (const [line, cut] of split(chunked(text, cuts), max)) {
            expect(line.length).toBeLessThanOrEqual(max + (cut ? CUT_MARKER.length : 0));
            expect(cut).toBe(line.endsWith(CUT_MARKER));
          }
        },
      ),
    );
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => new LineSplitter(() => undefined, 0)).toThrow(TypeError);
  });
});
