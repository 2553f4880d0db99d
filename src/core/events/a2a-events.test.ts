import { describe, expect, it } from "vitest";
import { a2aTaskCompleted, a2aTaskRouted, a2aTaskSubmitted } from "./a2a-events.js";

/** A deliberately ill-typed value, as a JSON payload or a JS caller could send it. */
const bad = <T>(value: unknown): T => value as T;
const s = { jobId: "j", sheetNum: 1 };

describe("A2A events", () => {
  it("need a task id and named agents", () => {
    expect(() =>
      a2aTaskRouted({ ...s, sourceAgent: "dev", targetAgent: "qa", taskId: "" }, 0),
    ).toThrow(/^A2ATaskRouted\.taskId /);
    expect(() => a2aTaskSubmitted({ ...s, targetAgent: "", taskDescription: "d" }, 0)).toThrow(
      /^A2ATaskSubmitted\.targetAgent /,
    );
  });

  it("carry context and artifacts only as plain JSON, copied and frozen", () => {
    const artifacts = { files: ["a.ts"] };
    const done = a2aTaskCompleted({ ...s, taskId: "t", artifacts }, 0);
    artifacts.files.push("b.ts");
    expect(done.artifacts).toEqual({ files: ["a.ts"] });
    expect(() =>
      a2aTaskCompleted({ ...s, taskId: "t", artifacts: bad({ at: new Date(0) }) }, 0),
    ).toThrow(/^A2ATaskCompleted\.artifacts\.at must be a JSON value/);
    expect(() =>
      a2aTaskSubmitted(
        { ...s, targetAgent: "qa", taskDescription: "d", context: bad({ f: () => 1 }) },
        0,
      ),
    ).toThrow(/^A2ATaskSubmitted\.context\.f must be a JSON value/);
  });
});
