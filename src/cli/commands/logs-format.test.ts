import { describe, expect, it } from "vitest";
import type { LogRecord } from "../../runtime/index.js";
import { inertText } from "../render/inert-text.js";
import { formatRecord, recordJson } from "./logs-format.js";

const RECORD: LogRecord = {
  atMs: Date.UTC(2026, 10, 23, 18, 0, 0, 123),
  node: "orders",
  target: "live",
  stream: "stdout",
  severity: "info",
  text: "listening on 4000",
};

describe("formatRecord", () => {
  it("prints time, node/target, the padded severity and the text on one line", () => {
    expect(formatRecord(RECORD)).toBe(
      "2026-11-23T18:00:00.123Z orders/live INFO  listening on 4000\n",
    );
    expect(formatRecord({ ...RECORD, severity: "error" })).toMatch(/ orders\/live ERROR listening/);
  });

  it("prints a time outside the Date range as its number instead of throwing", () => {
    expect(formatRecord({ ...RECORD, atMs: 1e20 })).toMatch(/^100000000000000000000 orders\/live /);
  });

  it("makes control characters in every printed field inert", () => {
    const line = formatRecord({ ...RECORD, node: "a\u001b[2Jb", text: "x\ry" });
    expect(line).toBe("2026-11-23T18:00:00.123Z ab/live INFO  x\\ry\n");
  });
});

describe("inertText", () => {
  it("removes colour and cursor sequences, 7-bit and 8-bit", () => {
    expect(inertText("\u001b[1;31mred\u001b[0m \u001b[?25l\u009b2Jdone")).toBe("red done");
  });

  it("removes OSC strings (title, clipboard, hyperlink) up to BEL, ST or the end", () => {
    expect(inertText("a\u001b]0;title\u0007b")).toBe("ab");
    expect(inertText("a\u001b]52;c;Zm9v\u001b\\b")).toBe("ab");
    expect(
      inertText("\u001b]8;;https://example.com\u001b\\link\u001b]8;;\u001b\\ and \u009d2;t\u009c"),
    ).toBe("link and ");
    expect(inertText("a\u001bPq#0;2;0;0;0")).toBe("a");
  });

  it("shows every other control character escaped, and keeps tabs and plain text", () => {
    expect(inertText("a\rb\nc\u0000d\u0007e\u001bf\u007fg\u0085h\u2028i\tj")).toBe(
      "a\\rb\\nc\\x00d\\x07e\\x1bf\\x7fg\\x85h\\u2028i\tj",
    );
    expect(inertText("naïve — 日本 ✓")).toBe("naïve — 日本 ✓");
  });
});

describe("recordJson", () => {
  it("is the stored JSON line, with no raw control character", () => {
    expect(recordJson(RECORD)).toBe(
      '{"atMs":1795456800123,"node":"orders","target":"live","stream":"stdout","severity":"info","text":"listening on 4000"}\n',
    );
    const text = "\u001b[31mx\u009b2J\u007f\u2028\r";
    const line = recordJson({ ...RECORD, text });
    // eslint-disable-next-line no-control-regex -- proving there is no raw control character
    expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect((JSON.parse(line) as LogRecord).text).toBe(text);
  });
});
