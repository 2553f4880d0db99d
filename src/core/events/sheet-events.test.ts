import { describe, expect, it } from "vitest";
import { processExited, sheetDispatched, sheetSkipped, staleCheck } from "./sheet-events.js";

const s = { jobId: "j", sheetNum: 2 };

describe("sheet events", () => {
  it("carry the attempt id of the dispatch they concern", () => {
    expect(sheetDispatched({ ...s, instrument: "i", attemptId: "a-3" }, 5).attemptId).toBe("a-3");
    expect(staleCheck({ ...s, attemptId: "a-3" }, 5).attemptId).toBe("a-3");
    expect(processExited({ ...s, pid: 9, attemptId: "a-3" }, 5).attemptId).toBe("a-3");
    expect(() => staleCheck({ ...s, attemptId: "" }, 5)).toThrow(/^StaleCheck\.attemptId /);
  });

  it("accept any integer exit code, negative included, and reject others", () => {
    expect(processExited({ ...s, pid: 9, exitCode: -1 }, 5).exitCode).toBe(-1);
    expect(processExited({ ...s, pid: 9, exitCode: 0 }, 5).exitCode).toBe(0);
    expect(() => processExited({ ...s, pid: 9, exitCode: 0.5 }, 5)).toThrow(
      /^ProcessExited\.exitCode /,
    );
    expect(() => processExited({ ...s, pid: 0 }, 5)).toThrow(/^ProcessExited\.pid /);
  });

  it("allow an empty skip reason but not a missing one", () => {
    expect(sheetSkipped({ ...s, reason: "" }, 5).reason).toBe("");
    const noReason = { ...s } as unknown as Parameters<typeof sheetSkipped>[0];
    expect(() => sheetSkipped(noReason, 5)).toThrow(/^SheetSkipped\.reason must be a string/);
  });

  it("reject an empty instrument on dispatch", () => {
    expect(() => sheetDispatched({ ...s, instrument: "" }, 5)).toThrow(
      /^SheetDispatched\.instrument /,
    );
  });
});
