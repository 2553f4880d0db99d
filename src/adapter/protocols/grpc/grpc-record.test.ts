import { describe, expect, it } from "vitest";
import { grpcErrorKind } from "./grpc-record.js";

describe("grpcErrorKind", () => {
  it("counts UNAVAILABLE as connect, DEADLINE_EXCEEDED as timeout, other failures as fault", () => {
    expect(grpcErrorKind(null)).toBeNull();
    expect(grpcErrorKind(0)).toBeNull();
    expect(grpcErrorKind(14)).toBe("connect");
    expect(grpcErrorKind(4)).toBe("timeout");
    for (const code of [1, 2, 3, 5, 13, 16]) expect(grpcErrorKind(code)).toBe("fault");
  });
});
