import { describe, expect, it } from "vitest";
import { ESCALATION_DECISIONS, escalationNeeded, escalationResolved } from "./escalation-events.js";

/** A deliberately ill-typed value, as a JSON payload or a JS caller could send it. */
const bad = <T>(value: unknown): T => value as T;
const need = { jobId: "j", sheetNum: 1, reason: "stuck" };

describe("escalation events", () => {
  it("keep a decision the core does not know (it fails the sheet) but not an empty one", () => {
    expect(ESCALATION_DECISIONS).toEqual(["retry", "skip", "accept"]);
    expect(escalationResolved({ ...need, decision: "abandon" }, 0).decision).toBe("abandon");
    expect(() => escalationResolved({ ...need, decision: "" }, 0)).toThrow(
      /^EscalationResolved\.decision /,
    );
  });

  it("take options as a list of strings, copied and frozen", () => {
    const options = ["retry", "skip"];
    const event = escalationNeeded({ ...need, options }, 0);
    options.push("accept");
    expect(event.options).toEqual(["retry", "skip"]);
    expect(Object.isFrozen(event.options)).toBe(true);
    expect(() => escalationNeeded({ ...need, options: bad("retry") }, 0)).toThrow(
      /^EscalationNeeded\.options must be an array/,
    );
    expect(() => escalationNeeded({ ...need, options: bad(["ok", 3]) }, 0)).toThrow(
      /^EscalationNeeded\.options\[1\] must be a string/,
    );
  });
});
