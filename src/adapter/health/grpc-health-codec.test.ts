import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeHealthCheckResponse, encodeHealthCheckRequest } from "./grpc-health-codec.js";

/** A framed message from raw protobuf bytes. */
const framed = (bytes: number[]): Buffer => {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([prefix, Buffer.from(bytes)]);
};

describe("grpc health codec", () => {
  it("encodes HealthCheckRequest{service} behind the 5-byte prefix", () => {
    expect([...encodeHealthCheckRequest("")]).toEqual([0, 0, 0, 0, 0]);
    expect([...encodeHealthCheckRequest("ab")]).toEqual([0, 0, 0, 0, 4, 0x0a, 2, 0x61, 0x62]);
    // Lengths past 127 take a two-byte varint.
    const long = encodeHealthCheckRequest("s".repeat(200));
    expect([...long.subarray(0, 8)]).toEqual([0, 0, 0, 0, 203, 0x0a, 0xc8, 0x01]);
  });

  it("decodes the serving status, skipping unknown fields", () => {
    expect(decodeHealthCheckResponse(framed([0x08, 1]))).toEqual({ servingStatus: 1 });
    expect(decodeHealthCheckResponse(framed([]))).toEqual({ servingStatus: 0 });
    // field 2 (bytes "hi"), field 3 (fixed32), then status NOT_SERVING
    const mixed = [0x12, 2, 0x68, 0x69, 0x1d, 1, 2, 3, 4, 0x08, 2];
    expect(decodeHealthCheckResponse(framed(mixed))).toEqual({ servingStatus: 2 });
  });

  it("reports malformed answers as errors", () => {
    expect(decodeHealthCheckResponse(Buffer.alloc(3))).toEqual({ error: "empty gRPC response" });
    expect(decodeHealthCheckResponse(Buffer.from([1, 0, 0, 0, 0]))).toEqual({
      error: "compressed gRPC response",
    });
    expect(decodeHealthCheckResponse(Buffer.from([0, 0, 0, 0, 9, 8]))).toEqual({
      error: "truncated gRPC message",
    });
    expect(decodeHealthCheckResponse(framed([0x08]))).toEqual({ error: "bad protobuf varint" });
    expect(decodeHealthCheckResponse(framed([0x12, 5, 1]))).toEqual({
      error: "truncated protobuf field",
    });
  });

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        decodeHealthCheckResponse(Buffer.from(bytes));
        decodeHealthCheckResponse(framed([...bytes]));
      }),
    );
  });
});
