import { describe, expect, it } from "vitest";
import { findMessageType, loadProto } from "./proto-load.js";
import { SAMPLE_DEPTH, sampleMessage } from "./sample-message.js";

const root = loadProto(`${import.meta.dirname}/testdata/quote.proto`);
const Quote = findMessageType(root, "quotes.v1.Quote", "quote.proto");

describe("sampleMessage", () => {
  it("fills every field with a fixed non-default value of its type", () => {
    const sample = sampleMessage(Quote);
    expect(sample).toMatchObject({
      symbol: "string",
      volume: 1,
      price: 1,
      change: 1,
      level: "LEVEL_ONE",
      // An enum with only its zero value gets that one.
      zero: "ONLY_ZERO",
      by_id: { "1": "string" },
      extra: {},
      blobs: [Buffer.from("bytes").toString("base64")],
    });
    expect(Object.keys(sample.by_flag as object)).toEqual(["true"]);
  });

  it("sets only the first member of a oneof", () => {
    const sample = sampleMessage(Quote);
    expect(sample).toHaveProperty("parent");
    expect(sample).not.toHaveProperty("exchange");
  });

  it("stops a recursive type at the depth limit", () => {
    let level: Record<string, unknown> | undefined = sampleMessage(Quote);
    let depth = 0;
    while (level?.["parent"] !== undefined) {
      level = level["parent"] as Record<string, unknown>;
      depth++;
    }
    expect(depth).toBe(SAMPLE_DEPTH);
    expect(level).toMatchObject({ symbol: "string" });
    expect(level).not.toHaveProperty("by_flag");
  });

  it("is the same every time", () => {
    expect(JSON.stringify(sampleMessage(Quote))).toBe(JSON.stringify(sampleMessage(Quote)));
  });
});
