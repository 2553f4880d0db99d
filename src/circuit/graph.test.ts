import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findCycles, type GraphEdge } from "./graph.js";

const e = (source: string, target: string): GraphEdge => ({ source, target });

/** Reference answer: does any node reach itself? */
function hasCycle(nodes: string[], edges: GraphEdge[]): boolean {
  const next = (n: string) => edges.filter((x) => x.source === n).map((x) => x.target);
  return nodes.some((start) => {
    const seen = new Set<string>();
    const stack = next(start);
    while (stack.length > 0) {
      const n = stack.pop() as string;
      if (n === start) return true;
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(...next(n));
      }
    }
    return false;
  });
}

describe("findCycles", () => {
  it("finds none in a DAG", () => {
    expect(findCycles(["a", "b", "c"], [e("a", "b"), e("b", "c"), e("a", "c")])).toEqual([]);
  });

  it("reports each cycle once, starting at the first-declared node", () => {
    expect(
      findCycles(["a", "b", "c", "d"], [e("b", "c"), e("c", "b"), e("a", "d"), e("d", "a")]),
    ).toEqual([
      ["a", "d", "a"],
      ["b", "c", "b"],
    ]);
  });

  it("returns the shortest way round a strongly connected component", () => {
    const cycles = findCycles(
      ["a", "b", "c"],
      [e("a", "b"), e("b", "c"), e("c", "a"), e("b", "a")],
    );
    expect(cycles).toEqual([["a", "b", "a"]]);
  });

  it("handles long chains without recursion", () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) => `n${i}`);
    const edges = nodes.slice(1).map((n, i) => e(nodes[i] as string, n));
    expect(findCycles(nodes, [...edges, e("n19999", "n0")])).toHaveLength(1);
  });

  it("finds a cycle exactly when one exists, and each one is a real path (property)", () => {
    const names = ["a", "b", "c", "d", "e"];
    const edge = fc
      .record({ source: fc.constantFrom(...names), target: fc.constantFrom(...names) })
      .filter((x) => x.source !== x.target);
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 10 }), (edges) => {
        const cycles = findCycles(names, edges);
        expect(cycles.length > 0).toBe(hasCycle(names, edges));
        for (const cycle of cycles) {
          expect(cycle[0]).toBe(cycle[cycle.length - 1]);
          for (let i = 0; i + 1 < cycle.length; i++) {
            expect(edges.some((x) => x.source === cycle[i] && x.target === cycle[i + 1])).toBe(
              true,
            );
          }
        }
      }),
    );
  });
});
