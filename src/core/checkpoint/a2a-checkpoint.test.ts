import { describe, expect, it } from "vitest";
import { FakeClock, seededRandom } from "../../common/index.js";
import { coreHarness } from "../../../test/support/core-harness.js";
import { BatonCore } from "../core.js";
import { a2aTaskCompleted, a2aTaskSubmitted } from "../events/a2a-events.js";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint-codec.js";
import type { Checkpoint } from "./checkpoint-types.js";

const SHEETS = [{ sheetNum: 1, instrument: "a" }];

describe("A2A state in checkpoints (spec §10)", () => {
  it("open tasks and delegated outcomes survive a restart; task ids keep counting up", () => {
    const h = coreHarness();
    for (const id of ["planner", "coder", "tester"]) h.core.registerJob(id, SHEETS);
    const submit = (target: string, description: string) =>
      a2aTaskSubmitted(
        {
          jobId: "planner",
          sheetNum: 1,
          targetAgent: target,
          taskDescription: description,
          context: { n: 1 },
        },
        h.now(),
      );
    h.send(submit("coder", "write it"), submit("tester", "test it"));
    const [done] = h.core.takeA2ATasks("tester");
    h.send(
      a2aTaskCompleted(
        { jobId: "tester", sheetNum: 1, taskId: done!.taskId, artifacts: { ok: true } },
        h.now(),
      ),
    );

    const core = new BatonCore({ clock: new FakeClock(h.now()), random: seededRandom(1) });
    for (const id of ["planner", "coder", "tester"]) {
      const text = encodeCheckpoint(h.core.checkpointJob(id) as Checkpoint);
      core.restoreJob(decodeCheckpoint(text, `${id}.json`), { sheets: SHEETS });
    }
    expect(core.getA2AResults("planner")).toEqual([
      {
        taskId: done!.taskId,
        sheetNum: 1,
        status: "completed",
        artifacts: { ok: true },
        reason: null,
      },
    ]);
    expect(core.takeA2ATasks("tester")).toEqual([]); // finished: not in the inbox any more
    const [open] = core.takeA2ATasks("coder");
    expect(open).toMatchObject({
      description: "write it",
      context: { n: 1 },
      sourceJobId: "planner",
    });

    core.inbox.enqueue(
      a2aTaskCompleted(
        { jobId: "coder", sheetNum: 1, taskId: open!.taskId, artifacts: {} },
        h.now(),
      ),
    );
    core.inbox.enqueue(
      a2aTaskSubmitted(
        { jobId: "planner", sheetNum: 1, targetAgent: "coder", taskDescription: "again" },
        h.now(),
      ),
    );
    core.runOnce(() => undefined);
    expect(core.getA2AResults("planner").map((r) => r.taskId)).toEqual([
      done!.taskId,
      open!.taskId,
    ]);
    const [fresh] = core.takeA2ATasks("coder");
    expect([done!.taskId, open!.taskId]).not.toContain(fresh!.taskId);
  });

  it("a checkpoint with a bad A2A field is refused, naming the field", () => {
    const h = coreHarness();
    h.core.registerJob("j", SHEETS);
    const cp = h.core.checkpointJob("j") as Checkpoint;
    const text = JSON.stringify({
      ...JSON.parse(encodeCheckpoint(cp)),
      a2a: {
        inbox: [
          { taskId: "t", sourceJobId: "x", sourceSheetNum: 0, description: "d", status: "pending" },
        ],
      },
    });
    expect(() => decodeCheckpoint(text, "j.json")).toThrow(
      expect.objectContaining({
        code: "E_CHECKPOINT_INVALID",
        message: expect.stringContaining("a2a.inbox[0].sourceSheetNum") as string,
      }),
    );
  });
});
