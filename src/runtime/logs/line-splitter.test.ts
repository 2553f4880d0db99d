import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter.js";

describe("LineSplitter", () => {
  it("hands out whole lines as chunks complete them, without \\n or \\r\\n", () => {
    const splitter = new LineSplitter();
    expect(splitter.push("one\r\ntw")).toEqual(["one"]);
    expect(splitter.push("o\r")).toEqual([]);
    expect(splitter.push("\n\nthree")).toEqual(["two", ""]);
    expect(splitter.end()).toEqual(["three"]);
    expect(splitter.end()).toEqual([]);
  });

  it("cuts over-long lines into pieces, so memory stays bounded without line breaks", () => {
    const splitter = new LineSplitter(4);
    expect(splitter.push("abcdefghij")).toEqual(["abcd", "efgh"]);
    expect(splitter.push("k\nlmnopq\n")).toEqual(["ijk", "lmno", "pq"]);
  });

  it("never cuts a surrogate pair in two", () => {
    const splitter = new LineSplitter(4);
    expect(splitter.push("abc😀def\n")).toEqual(["abc", "😀de", "f"]);
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => new LineSplitter(0)).toThrow(TypeError);
  });
});
