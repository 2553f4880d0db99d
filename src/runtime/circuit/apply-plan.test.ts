import { describe, expect, it } from "vitest";
import { circuitSchema, type CircuitConfig } from "../../circuit/index.js";
import { planApply, planIsEmpty, planLines, runtimeNodesOf } from "./apply-plan.js";

function circuit(raw: Record<string, unknown>): CircuitConfig {
  return circuitSchema.parse({ version: 2, ...raw });
}

const BASE = {
  name: "c",
  nodes: [
    { name: "a", port: 9001, contract: "a.yaml" },
    { name: "b", port: 9002 },
    { name: "c", port: 9003, metadata: { team: "x" } },
  ],
  edges: [{ source: "a", target: "b" }],
};

describe("planApply", () => {
  it("finds nothing to do between equal circuits", () => {
    const plan = planApply(circuit(BASE), circuit(BASE));
    expect(planIsEmpty(plan)).toBe(true);
    expect(planLines(plan, 3).at(-1)).toMatch(/nothing to converge/);
  });

  it("adds, removes and changes only the nodes that differ", () => {
    const next = circuit({
      ...BASE,
      nodes: [
        { name: "a", port: 9011, contract: "a.yaml" },
        { name: "c", port: 9003, metadata: { team: "y" } },
        { name: "d", port: 9004 },
      ],
      edges: [],
    });
    const plan = planApply(circuit(BASE), next);
    expect(plan.add.map((n) => n.name)).toEqual(["d"]);
    expect(plan.remove.map((n) => n.name)).toEqual(["b"]);
    expect(plan.change.map((c) => [c.after.name, c.touch, c.what])).toEqual([
      ["a", "reopen", ["port 9001 → 9011"]],
    ]);
    expect(plan.record).toEqual([{ node: "c", what: ["metadata"] }]);
    expect(plan.edgesRemoved).toEqual(["a → b"]);
    const lines = planLines(plan, 3);
    expect(lines.at(-1)).toBe("3 nodes touched, 1 untouched");
    expect(lines).toContain("- edge a → b");
  });

  it("picks the least disruptive touch: routing and policy republish, contract remocks", () => {
    const next = circuit({
      ...BASE,
      nodes: [
        { name: "a", port: 9001, contract: "a2.yaml" },
        { name: "b", port: 9002, routing: { strategy: "single", locked: true } },
        { name: "c", port: 9003, metadata: { team: "x" } },
      ],
      edges: [
        { source: "a", target: "b" },
        { source: "b", target: "c", policy: { retries: 3 } },
      ],
    });
    const plan = planApply(circuit(BASE), next);
    expect(plan.change.map((c) => [c.after.name, c.touch])).toEqual([
      ["a", "remock"],
      ["b", "republish"],
      ["c", "republish"],
    ]);
    expect(plan.edgesAdded).toEqual(["b → c"]);
  });

  it("sees a contract whose text changed under the same path, when both digests are known", () => {
    const digests = (d: string) => new Map([["a", d]]);
    const edited = planApply(circuit(BASE), circuit(BASE), {
      runningNodes: runtimeNodesOf(circuit(BASE), digests("1")),
      nextDigests: digests("2"),
    });
    expect(edited.change.map((c) => [c.after.name, c.touch, c.what])).toEqual([
      ["a", "remock", ["contract a.yaml edited"]],
    ]);
    const unknown = planApply(circuit(BASE), circuit(BASE), { nextDigests: digests("2") });
    expect(planIsEmpty(unknown)).toBe(true);
  });

  it("applies custodian settings at once and names the sections it does not converge", () => {
    const faster = planApply(
      circuit(BASE),
      circuit({ ...BASE, custodian: { probe_interval_s: 2 } }),
    );
    expect([faster.custodian, faster.later]).toEqual([["probe_interval_s 5 → 2"], []]);
    expect(planApply(circuit(BASE), circuit({ ...BASE, name: "d" })).renamed).toEqual(["c", "d"]);
    expect(planLines(faster, 3)).toContain(
      "~ custodian: probe_interval_s 5 → 2 — at once (its ladders start over; escalations stay)",
    );
    const off = planApply(
      circuit(BASE),
      circuit({ ...BASE, custodian: { enabled: false }, canary: { interval_s: 5 } }),
    );
    expect([off.custodian, off.later]).toEqual([[], ["custodian", "canary"]]);
  });
});

describe("runtimeNodesOf", () => {
  it("merges the call policies of the edges into a node: shortest timeout, most retries", () => {
    const config = circuit({
      nodes: [
        { name: "a", port: 1 },
        { name: "b", port: 2 },
        { name: "p", port: 3, role: "egress" },
      ],
      edges: [
        { source: "a", target: "p", policy: { retries: 1, timeout_ms: 900 } },
        { source: "b", target: "p", policy: { retries: 3, timeout_ms: 2000 } },
      ],
      routing: { a: { strategy: "single", locked: true } },
    });
    const [a, b, p] = runtimeNodesOf(config);
    expect(p?.policy).toEqual({ retries: 3, timeout_ms: 900 });
    expect(b?.policy).toBeUndefined();
    expect(a?.routing?.locked).toBe(true);
  });
});
