import { describe, expect, it } from "vitest";
import { coreHarness } from "../../test/support/core-harness.js";

// Issue §4: the cost of an event must not grow with the number of registered sheets. A coarse
// guard (the benchmark measures it properly): the same event stream on a small job costs about
// the same with 1 000 or 100 000 other sheets registered.

function timeEvents(otherSheets: number): number {
  const h = coreHarness({ jobTimeoutMs: 0 });
  h.core.registerInstrument("big", { maxConcurrent: 1 });
  h.core.registerJob(
    "big",
    Array.from({ length: otherSheets }, (_, i) => ({ sheetNum: i + 1, instrument: "big" })),
    new Map(Array.from({ length: otherSheets - 1 }, (_, i) => [i + 2, [i + 1]])),
  );
  h.core.registerJob("small", [{ sheetNum: 1, instrument: "a", maxRetries: 1_000_000 }]);
  let [d] = h.run().filter((x) => x.jobId === "small");
  const start = performance.now();
  for (let i = 0; i < 3_000; i++) {
    h.send(h.result(d!, { executionSuccess: false }));
    [d] = h.advance(3_600_000);
    h.effects.length = 0;
  }
  return performance.now() - start;
}

describe("per-event cost (issue §4)", () => {
  it("does not grow with the number of registered sheets (1 000 vs 100 000)", () => {
    timeEvents(1_000); // warm up the JIT
    const small = Math.min(timeEvents(1_000), timeEvents(1_000));
    const large = Math.min(timeEvents(100_000), timeEvents(100_000));
    expect(large / small, `ratio ${(large / small).toFixed(2)}`).toBeLessThan(3);
  });
});
