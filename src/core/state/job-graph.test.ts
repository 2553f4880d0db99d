import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBatonError } from "../../common/index.js";
import { JobGraph } from "./job-graph.js";

const deps = (entries: [number, number[]][]) => new Map(entries);

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isBatonError(error) && error.code === "E_JOB_INVALID") return error.message;
    throw error;
  }
  return "accepted";
}

describe("JobGraph", () => {
  it("counts unsatisfied dependencies and unblocks dependents as sheets are satisfied", () => {
    // 1 -> {2, 3} -> 4 (a diamond: 4 waits for 2 and 3).
    const g = JobGraph.build(
      "j",
      [1, 2, 3, 4],
      deps([
        [2, [1]],
        [3, [1]],
        [4, [2, 3]],
      ]),
    );
    expect([1, 2, 3, 4].map((s) => g.isUnblocked(s))).toEqual([true, false, false, false]);
    expect(g.markSatisfied(1)).toEqual([2, 3]);
    expect(g.markSatisfied(2)).toEqual([]);
    expect(g.unsatisfiedCount(4)).toBe(1);
    expect(g.markSatisfied(3)).toEqual([4]);
    expect(g.markSatisfied(3)).toEqual([]);
    expect(g.transitiveDependents(1)).toEqual([2, 3, 4]);
    expect(g.dependenciesOf(4)).toEqual([2, 3]);
  });

  it("ignores a dependency listed twice", () => {
    const g = JobGraph.build("j", [1, 2], deps([[2, [1, 1]]]));
    expect(g.markSatisfied(1)).toEqual([2]);
  });

  it("rejects unknown sheets, self-dependencies, cycles and bad sheet numbers", () => {
    expect(rejection(() => JobGraph.build("j", [1, 2], deps([[2, [7]]])))).toBe(
      "job 'j': sheet 2 depends on sheet 7, which is not in the job",
    );
    expect(rejection(() => JobGraph.build("j", [1], deps([[3, [1]]])))).toContain(
      "sheet 3, which is not in the job",
    );
    expect(rejection(() => JobGraph.build("j", [1], deps([[1, [1]]])))).toContain(
      "depends on itself",
    );
    expect(
      rejection(() =>
        JobGraph.build(
          "j",
          [1, 2, 3],
          deps([
            [1, [3]],
            [2, [1]],
            [3, [2]],
          ]),
        ),
      ),
    ).toBe("job 'j': dependency cycle 1 -> 3 -> 2 -> 1");
    expect(rejection(() => JobGraph.build("j", [0], deps([])))).toContain("not a positive integer");
    expect(rejection(() => JobGraph.build("j", [1.5], deps([])))).toContain(
      "not a positive integer",
    );
    expect(rejection(() => JobGraph.build("j", [1, 1], deps([])))).toContain("listed twice");
  });

  it("handles sheet numbers that are sparse or listed out of order", () => {
    for (const sheets of [
      [30, 10, 20],
      [3, 1, 2],
    ]) {
      const [c, a, b] = sheets as [number, number, number];
      const g = JobGraph.build("j", sheets, deps([[c, [b, a]]]));
      expect(g.dependenciesOf(c)).toEqual([b, a]);
      expect(g.dependentsOf(a)).toEqual([c]);
      expect(g.markSatisfied(a)).toEqual([]);
      expect(g.markSatisfied(b)).toEqual([c]);
      expect(g.isUnblocked(c)).toBe(true);
      expect(g.dependentsOf(99)).toEqual([]);
      const cyclic = deps([
        [a, [c]],
        [c, [a]],
      ]);
      expect(rejection(() => JobGraph.build("j", sheets, cyclic))).toBe(
        `job 'j': dependency cycle ${c} -> ${a} -> ${c}`,
      );
    }
    expect(rejection(() => JobGraph.build("j", [2 ** 31], deps([])))).toContain(
      "not a positive integer",
    );
  });

  it("builds a 100 000-sheet chain without recursion", () => {
    const n = 100_000;
    const sheets = Array.from({ length: n }, (_, i) => i + 1);
    const g = JobGraph.build("big", sheets, new Map(sheets.slice(1).map((s) => [s, [s - 1]])));
    expect(g.transitiveDependents(1)).toHaveLength(n - 1);
  });

  it("unblocks every sheet exactly once when satisfied in any topological order (property)", () => {
    const dag = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n })), {
          maxLength: 30,
        }),
      ),
    );
    fc.assert(
      fc.property(dag, ([n, pairs]) => {
        // Only edges from a higher to a lower number: always acyclic.
        const map = new Map<number, number[]>();
        for (const [a, b] of pairs) if (a > b) map.set(a, [...(map.get(a) ?? []), b]);
        const g = JobGraph.build(
          "p",
          Array.from({ length: n }, (_, i) => i + 1),
          map,
        );
        const ready = Array.from({ length: n }, (_, i) => i + 1).filter((s) => g.isUnblocked(s));
        const unblockedTimes = new Map<number, number>();
        for (let i = 0; i < ready.length; i++) {
          for (const s of g.markSatisfied(ready[i] as number)) {
            unblockedTimes.set(s, (unblockedTimes.get(s) ?? 0) + 1);
            ready.push(s);
          }
        }
        expect(new Set(ready).size).toBe(n);
        for (const count of unblockedTimes.values()) expect(count).toBe(1);
      }),
    );
  });
});
