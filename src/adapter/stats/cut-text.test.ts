import { describe, expect, it } from "vitest";
import { cutText } from "./cut-text.js";

describe("cutText", () => {
  it("leaves short text alone and cuts long text", () => {
    expect(cutText("abc", 3)).toBe("abc");
    expect(cutText("abcdef", 3)).toBe("abc");
    expect(cutText("", 0)).toBe("");
  });

  it("never splits a surrogate pair", () => {
    expect(cutText("ab😀cd", 3)).toBe("ab");
    expect(cutText("ab😀cd", 4)).toBe("ab😀");
  });
});
