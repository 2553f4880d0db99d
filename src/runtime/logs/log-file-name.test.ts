import { describe, expect, it } from "vitest";
import { assertNodeName, logFileName, parseLogFileName } from "./log-file-name.js";

describe("log file names", () => {
  it("names a node's current and rotated files", () => {
    expect(logFileName("api")).toBe("api.log");
    expect(logFileName("api", 2)).toBe("api.log.2");
  });

  it.each(["", ".", "..", "a/b", "../etc", "a\\b", "a\0b", "x..y"])(
    "refuses the node name %j with a TypeError",
    (node) => {
      expect(() => assertNodeName(node)).toThrow(TypeError);
      expect(() => logFileName(node)).toThrow(TypeError);
    },
  );

  it("reads node and generation back, and ignores other files", () => {
    expect(parseLogFileName("api.log")).toEqual({ node: "api", generation: 0 });
    expect(parseLogFileName("api.log.3")).toEqual({ node: "api", generation: 3 });
    expect(parseLogFileName("a.log.log.1")).toEqual({ node: "a.log", generation: 1 });
    for (const other of ["api.txt", ".api.log", "api.log.0", "api.log.x", "api.log.1.tmp", ".log"])
      expect(parseLogFileName(other)).toBeUndefined();
  });
});
