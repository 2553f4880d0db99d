import { describe, expect, it } from "vitest";
import { cancelJob, configReloaded, jobTimeout, pauseJob, resumeJob } from "./job-events.js";
import { DEFAULT_PAUSE_REASON, PAUSE_REASONS } from "./pause-reason.js";

/** A deliberately ill-typed value, as a JSON payload or a JS caller could send it. */
const bad = <T>(value: unknown): T => value as T;

describe("job events", () => {
  it("pause and resume for one of the four reasons of the issue, user by default", () => {
    expect(PAUSE_REASONS).toEqual(["user", "cost", "escalation", "resource"]);
    expect(DEFAULT_PAUSE_REASON).toBe("user");
    for (const reason of PAUSE_REASONS) {
      expect(pauseJob({ jobId: "j", reason }, 0).reason).toBe(reason);
      expect(resumeJob({ jobId: "j", reason }, 0).reason).toBe(reason);
    }
    expect(() => pauseJob({ jobId: "j", reason: bad("monitor") }, 0)).toThrow(
      /^PauseJob\.reason must be one of "user", "cost", "escalation", "resource"/,
    );
    expect(() => resumeJob({ jobId: "j", reason: bad(null) }, 0)).toThrow(/^ResumeJob\.reason /);
  });

  it("reject empty or ill-typed job ids", () => {
    expect(() => jobTimeout({ jobId: "" }, 0)).toThrow(/^JobTimeout\.jobId /);
    expect(() => cancelJob({ jobId: bad(7) }, 0)).toThrow(/^CancelJob\.jobId /);
  });

  it("take a new config only as a plain JSON object, copied and frozen", () => {
    const config = { sheets: [{ n: 1 }] };
    const resumed = resumeJob({ jobId: "j", newConfig: config }, 0);
    config.sheets.push({ n: 2 });
    expect(resumed.newConfig).toEqual({ sheets: [{ n: 1 }] });
    expect(Object.isFrozen(resumed.newConfig?.sheets)).toBe(true);
    expect(() => configReloaded({ jobId: "j", newConfig: bad([1]) }, 0)).toThrow(
      /^ConfigReloaded\.newConfig must be a JSON object/,
    );
    expect(() => configReloaded({ jobId: "j", newConfig: bad(null) }, 0)).toThrow(
      /^ConfigReloaded\.newConfig /,
    );
    expect(() => resumeJob({ jobId: "j", newConfig: bad({ n: Number.NaN }) }, 0)).toThrow(
      /^ResumeJob\.newConfig\.n must be a finite number/,
    );
  });
});
