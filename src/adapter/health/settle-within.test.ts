import { describe, expect, it, vi } from "vitest";
import { errorText, settleWithin } from "./settle-within.js";

describe("settleWithin", () => {
  it("settles with a timeout verdict and cleans up when the probe never answers", async () => {
    vi.useFakeTimers();
    try {
      const cleanup = vi.fn();
      const result = settleWithin(250, () => cleanup);
      await vi.advanceTimersByTimeAsync(249);
      expect(cleanup).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(await result).toEqual({ status: "unhealthy", reason: "timeout after 250 ms" });
      expect(cleanup).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps the first verdict and cleans up once, even when done is called synchronously", async () => {
    const cleanup = vi.fn();
    const result = await settleWithin(1_000, (done) => {
      done({ status: "healthy", reason: "first" });
      done({ status: "unhealthy", reason: "second" });
      return cleanup;
    });
    expect(result).toEqual({ status: "healthy", reason: "first" });
    expect(cleanup).toHaveBeenCalledOnce();
  });

  it("turns a probe that throws into an unknown verdict", async () => {
    const result = await settleWithin(1_000, () => {
      throw new RangeError("port out of range");
    });
    expect(result).toEqual({ status: "unknown", reason: "cannot probe: port out of range" });
  });

  it("names errors by code when they have one", () => {
    expect(errorText(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe("ECONNREFUSED");
    expect(errorText("plain")).toBe("plain");
  });
});
