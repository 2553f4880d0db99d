import { describe, expect, it } from "vitest";
import { assertInstrumentName, instrumentKey, parseInstrumentKey } from "./instrument-key.js";

describe("instrument keys (spec §1.6)", () => {
  it("joins an instrument and a model with a colon, and leaves a bare instrument alone", () => {
    expect(instrumentKey("claude-code")).toBe("claude-code");
    expect(instrumentKey("claude-code", null)).toBe("claude-code");
    expect(instrumentKey("claude-code", "")).toBe("claude-code");
    expect(instrumentKey("claude-code", "opus")).toBe("claude-code:opus");
  });

  it("splits at the first colon so model names may hold colons", () => {
    expect(parseInstrumentKey("ollama:llama3:8b")).toEqual({
      instrument: "ollama",
      model: "llama3:8b",
    });
    expect(parseInstrumentKey("gemini-cli")).toEqual({ instrument: "gemini-cli", model: null });
  });

  it("rejects empty names, colons in instrument names and empty models", () => {
    expect(() => assertInstrumentName("")).toThrow(TypeError);
    expect(() => instrumentKey("a:b", "m")).toThrow(TypeError);
    expect(() => parseInstrumentKey(":m")).toThrow(TypeError);
    expect(() => parseInstrumentKey("inst:")).toThrow(TypeError);
  });
});
