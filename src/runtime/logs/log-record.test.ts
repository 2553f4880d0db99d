import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeLogLines, decodeLogRecord, encodeLogRecord, type LogRecord } from "./log-record.js";

const RECORD: LogRecord = {
  atMs: 1_700_000_000_000,
  node: "api",
  target: "live",
  stream: "stderr",
  severity: "warn",
  text: 'slow "query"\twith\na line break',
};

const arbitraryRecord: fc.Arbitrary<LogRecord> = fc.record({
  atMs: fc.integer({ min: 0, max: 2 ** 45 }),
  node: fc.string({ minLength: 1 }),
  target: fc.string(),
  stream: fc.constantFrom("stdout" as const, "stderr" as const),
  severity: fc.constantFrom("debug" as const, "info" as const, "warn" as const, "error" as const),
  text: fc.string({ unit: "grapheme" }),
});

describe("log record codec", () => {
  it("encodes one record as one JSON line and decodes it back", () => {
    const line = encodeLogRecord(RECORD);
    expect(line).not.toContain("\n");
    expect(decodeLogRecord(line)).toEqual(RECORD);
  });

  it("round-trips any record on a single line", () => {
    fc.assert(
      fc.property(arbitraryRecord, (record) => {
        const line = encodeLogRecord(record);
        expect(line.includes("\n")).toBe(false);
        expect(decodeLogRecord(line)).toEqual(record);
      }),
    );
  });

  it("writes only the record's own fields, in a fixed order", () => {
    const extra = { ...RECORD, secret: "x" } as LogRecord;
    expect(Object.keys(JSON.parse(encodeLogRecord(extra)) as object)).toEqual([
      "atMs",
      "node",
      "target",
      "stream",
      "severity",
      "text",
    ]);
  });

  it.each([
    ["not json"],
    ["[]"],
    ["null"],
    ['{"atMs":"1","node":"a","target":"t","stream":"stdout","severity":"info","text":""}'],
    ['{"atMs":1,"node":"a","target":"t","stream":"stdin","severity":"info","text":""}'],
    ['{"atMs":1,"node":"a","target":"t","stream":"stdout","severity":"loud","text":""}'],
    ['{"atMs":1,"node":"a","target":"t","stream":"stdout","severity":"info"}'],
  ])("refuses %s", (line) => {
    expect(decodeLogRecord(line)).toBeUndefined();
  });
});

describe("decodeLogLines", () => {
  it("decodes complete lines, skips blank and damaged ones, and leaves a cut-short last line", () => {
    const a = encodeLogRecord({ ...RECORD, atMs: 1 });
    const b = encodeLogRecord({ ...RECORD, atMs: 2 });
    const text = `${a}\n\n{"atMs":oops\n${b}\n${a.slice(0, 20)}`;
    const decoded = decodeLogLines(text);
    expect(decoded.records.map((r) => r.atMs)).toEqual([1, 2]);
    expect(decoded.invalid).toBe(1);
    expect(decoded.tail).toBe(a.slice(0, 20));
  });

  it("never decodes text after the last line break, even when it is a whole record", () => {
    expect(decodeLogLines(encodeLogRecord(RECORD)).records).toEqual([]);
    expect(decodeLogLines("").records).toEqual([]);
  });
});
