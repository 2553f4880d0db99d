import { describe, expect, it } from "vitest";
import { isBatonError } from "../../common/index.js";
import { encodeJson } from "./proto-json.js";
import { findMessageType, loadProto } from "./proto-load.js";
import { sampleMessage } from "./sample-message.js";

const root = loadProto(`${import.meta.dirname}/testdata/quote.proto`);
const Quote = findMessageType(root, "quotes.v1.Quote", "quote.proto");
const SOURCE = { file: "quote.proto", what: "example" };
const AS_JSON = { longs: String, enums: String, bytes: String } as const;

function roundTrip(json: unknown): Record<string, unknown> {
  return Quote.toObject(Quote.decode(encodeJson(Quote, json, SOURCE)), AS_JSON);
}

function failure(json: unknown): { message: string; field?: string; hint?: string } {
  try {
    encodeJson(Quote, json, SOURCE);
  } catch (err) {
    if (!isBatonError(err) || err.code !== "E_CONTRACT_INVALID") throw err;
    return { message: err.message, field: err.location?.field, hint: err.hint };
  }
  throw new Error("expected E_CONTRACT_INVALID");
}

describe("encodeJson", () => {
  it("accepts the proto3 JSON forms: json names, enum names or numbers, strings for 64-bit", () => {
    expect(
      roundTrip({
        symbol: "ACME",
        vol: "9007199254740993",
        change: -2,
        level: 1,
        byId: { "7": "seven" },
        by_flag: { true: { symbol: "child" } },
        exchange: "XNAS",
        blobs: ["AAE="],
      }),
    ).toEqual({
      symbol: "ACME",
      volume: "9007199254740993",
      change: -2,
      level: "LEVEL_ONE",
      by_id: { "7": "seven" },
      by_flag: { true: { symbol: "child" } },
      exchange: "XNAS",
      blobs: ["AAE="],
    });
  });

  it("treats null as not set, and an empty object as the empty message", () => {
    expect(roundTrip({ symbol: null })).toEqual({});
    expect(encodeJson(Quote, {}, SOURCE).length).toBe(0);
  });

  it("encodes every sample message it generates", () => {
    expect(roundTrip(sampleMessage(Quote))).toMatchObject({ symbol: "string", level: "LEVEL_ONE" });
  });

  it("names an unknown field and suggests the close one", () => {
    const { message, field, hint } = failure({ symbl: "x" });
    expect(message).toBe('quote.proto: example: no field "symbl" in Quote');
    expect(field).toBe("symbl");
    expect(hint).toBe("did you mean 'symbol'?");
    // Names inherited from Object.prototype are not fields or enum values either.
    expect(failure({ constructor: 1 }).message).toContain('no field "constructor"');
    expect(failure({ level: "toString" }).message).toContain("expected one of");
  });

  it("names the path of a value of the wrong type, however deep", () => {
    expect(failure({ by_flag: { true: { change: "x" } } })).toMatchObject({
      message: 'quote.proto: example: field by_flag.true.change: expected sint32, got "x"',
      field: "by_flag.true.change",
    });
    expect(failure({ change: 2 ** 31 }).message).toContain("expected sint32");
    expect(failure({ volume: -1 }).message).toContain("expected uint64");
    expect(failure({ blobs: "AAE=" }).message).toContain("expected an array");
    expect(failure({ blobs: ["not base64!"] }).message).toContain("field blobs[0]: expected bytes");
  });

  it("refuses unknown enum names, bad map keys, two oneof members, and non-objects", () => {
    expect(failure({ level: "LEVEL_TWO" }).message).toContain(
      "expected one of LEVEL_UNSPECIFIED, LEVEL_ONE",
    );
    expect(failure({ by_id: { seven: "x" } }).message).toContain('map key "seven" is not a int32');
    expect(failure({ exchange: "X", parent: {} }).message).toContain(
      "oneof venue has both exchange and parent set",
    );
    expect(failure([1, 2]).message).toContain("expected an object (Quote), got [1,2]");
  });
});
