import { describe, expect, it } from "vitest";
import {
  cronTick,
  RESOURCE_METRICS,
  RESOURCE_SEVERITIES,
  resourceAnomaly,
  shutdownRequested,
} from "./conductor-events.js";

/** A deliberately ill-typed value, as a JSON payload or a JS caller could send it. */
const bad = <T>(value: unknown): T => value as T;

describe("conductor events", () => {
  it("know the severities and metrics of spec §2.2 and reject others", () => {
    expect(RESOURCE_SEVERITIES).toEqual(["warning", "critical"]);
    expect(RESOURCE_METRICS).toEqual(["memory", "cpu", "processes"]);
    expect(() => resourceAnomaly({ severity: bad("fatal"), metric: "cpu", value: 1 }, 0)).toThrow(
      /^ResourceAnomaly\.severity /,
    );
    expect(() =>
      resourceAnomaly({ severity: "warning", metric: bad("disk"), value: 1 }, 0),
    ).toThrow(/^ResourceAnomaly\.metric /);
  });

  it("reject a negative or NaN resource reading", () => {
    for (const value of [-1, Number.NaN])
      expect(() => resourceAnomaly({ severity: "critical", metric: "memory", value }, 0)).toThrow(
        /^ResourceAnomaly\.value /,
      );
  });

  it("shut down gracefully unless told otherwise, and only on a boolean", () => {
    expect(shutdownRequested({}, 0).graceful).toBe(true);
    expect(shutdownRequested({ graceful: false }, 0).graceful).toBe(false);
    expect(() => shutdownRequested({ graceful: bad("yes") }, 0)).toThrow(
      /^ShutdownRequested\.graceful /,
    );
  });

  it("need a schedule entry and a score to tick", () => {
    expect(() => cronTick({ entryName: "", scorePath: "s" }, 0)).toThrow(/^CronTick\.entryName /);
    expect(() => cronTick({ entryName: "e", scorePath: "" }, 0)).toThrow(/^CronTick\.scorePath /);
  });
});
