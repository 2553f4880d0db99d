import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jobFileName, jobIdOfFileName } from "./job-file-name.js";

describe("job file names", () => {
  it("round-trip any job id and never contain a path separator or start with a dot (property)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }), (id) => {
        fc.pre(new TextEncoder().encode(id).length * 3 <= 200); // longer ids are refused (below)
        const name = jobFileName(id);
        expect(name).not.toMatch(/[/\\\0]/);
        expect(name.startsWith(".")).toBe(false);
        expect(name.endsWith(".json")).toBe(true);
        expect(jobIdOfFileName(name)).toBe(id);
      }),
    );
  });

  it("keeps plain ids readable and escapes the rest", () => {
    expect(jobFileName("build-42_a")).toBe("build-42_a.json");
    expect(jobFileName("../x")).toBe("%2E%2E%2Fx.json");
    expect(jobFileName("é")).toBe("%C3%A9.json");
  });

  it("takes no other file for a checkpoint", () => {
    for (const name of [".a.json.1.ff.tmp", "a.txt", "a%2e.json", "%zz.json", ".json", "%FF.json"])
      expect(jobIdOfFileName(name)).toBeUndefined();
  });

  it("rejects empty and overlong ids", () => {
    expect(() => jobFileName("")).toThrow(TypeError);
    expect(() => jobFileName("é".repeat(40))).toThrow(TypeError);
  });
});
