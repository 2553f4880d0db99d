import { describe, expect, it } from "vitest";
import {
  ACTIVE_STATUSES,
  DISPATCHABLE_STATUSES,
  isSatisfying,
  isTerminal,
  parseSheetStatus,
  SATISFYING_STATUSES,
  SHEET_STATUSES,
  TERMINAL_STATUSES,
} from "./sheet-status.js";

describe("sheet statuses", () => {
  it("has eleven statuses and the derived sets of the spec (§1.2)", () => {
    expect(SHEET_STATUSES).toHaveLength(11);
    expect([...TERMINAL_STATUSES].sort()).toEqual(["cancelled", "completed", "failed", "skipped"]);
    for (const s of DISPATCHABLE_STATUSES) expect(TERMINAL_STATUSES.has(s)).toBe(false);
    for (const s of SATISFYING_STATUSES) expect(TERMINAL_STATUSES.has(s)).toBe(true);
    for (const s of ["waiting", "retry_scheduled", "fermata"] as const)
      expect(isTerminal(s)).toBe(false);
    for (const s of SHEET_STATUSES) expect(isTerminal(s)).toBe(TERMINAL_STATUSES.has(s));
    expect([...ACTIVE_STATUSES]).toEqual(["dispatched", "in_progress"]);
  });

  it("lets a skipped sheet satisfy dependents only without an error code", () => {
    expect(isSatisfying("skipped", null)).toBe(true);
    expect(isSatisfying("skipped", "E999")).toBe(false);
    expect(isSatisfying("completed", null)).toBe(true);
    expect(isSatisfying("failed", null)).toBe(false);
  });

  it("parses every stored status and rejects unknown ones", () => {
    for (const s of SHEET_STATUSES) expect(parseSheetStatus(s)).toBe(s);
    expect(() => parseSheetStatus("running")).toThrow(TypeError);
  });
});
