import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GRPC_MAX_MESSAGE_CHARS } from "./grpc-defaults.js";
import { encodeGrpcMessage, parseGrpcTimeout } from "./grpc-status.js";

describe("parseGrpcTimeout", () => {
  it("reads every unit as whole milliseconds, rounded up", () => {
    expect(parseGrpcTimeout("2H")).toBe(7_200_000);
    expect(parseGrpcTimeout("3M")).toBe(180_000);
    expect(parseGrpcTimeout("5S")).toBe(5_000);
    expect(parseGrpcTimeout("150m")).toBe(150);
    expect(parseGrpcTimeout("1500u")).toBe(2);
    expect(parseGrpcTimeout("1n")).toBe(1);
    expect(parseGrpcTimeout("0m")).toBe(0);
    expect(parseGrpcTimeout("99999999S")).toBe(99_999_999_000);
  });

  it("ignores an absent or malformed value", () => {
    for (const bad of [undefined, "", "10", "m", "123456789m", "1.5S", "-1S", "10s", "10 m", "1h"])
      expect(parseGrpcTimeout(bad)).toBeNull();
  });

  it("never returns less than the value in any unit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.constantFrom("S", "m", "u", "n"),
        (n, u) => {
          const ms = parseGrpcTimeout(`${n}${u}`)!;
          const exact = n * { S: 1_000, m: 1, u: 1e-3, n: 1e-6 }[u];
          expect(ms).toBeGreaterThanOrEqual(exact - 1e-6);
          expect(ms - exact).toBeLessThan(1);
        },
      ),
    );
  });
});

describe("encodeGrpcMessage", () => {
  it("percent-encodes '%' and bytes outside printable ASCII as UTF-8", () => {
    expect(encodeGrpcMessage("plain text: ok")).toBe("plain text: ok");
    expect(encodeGrpcMessage("50% off\n")).toBe("50%25 off%0A");
    expect(encodeGrpcMessage("café")).toBe("caf%C3%A9");
  });

  it("round-trips through percent-decoding and stays header-safe", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100, unit: "grapheme" }), (text) => {
        const encoded = encodeGrpcMessage(text);
        expect(encoded).toMatch(/^[\x20-\x7e]*$/);
        expect(decodeURIComponent(encoded)).toBe(text);
      }),
    );
  });

  it("cuts long text", () => {
    expect(encodeGrpcMessage("a".repeat(GRPC_MAX_MESSAGE_CHARS + 50))).toHaveLength(
      GRPC_MAX_MESSAGE_CHARS,
    );
  });
});
