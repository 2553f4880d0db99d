import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applyYamlEdits, type YamlEdit } from "./yaml-edit.js";

const SOURCE = `# Shop circuit — hand-written header
name: shop   # the circuit's name
version: 2

# services
nodes:
  # the entry point
  - name: gateway
    port: 9001     # fixed port
    role: ingress

  - name: orders
    port: 9002
    contract: "contracts/orders.yaml"

edges:
  - {source: gateway, target: orders}   # main path

routing:
  orders:
    strategy: single
# end of file
`;

describe("applyYamlEdits", () => {
  it("appends a node without touching any other byte", () => {
    const out = applyYamlEdits(SOURCE, [
      { op: "append", path: ["nodes"], value: { name: "users", port: 9003 } },
    ]);
    expect(out).toBe(
      SOURCE.replace(
        '    contract: "contracts/orders.yaml"\n',
        '    contract: "contracts/orders.yaml"\n\n  - name: users\n    port: 9003\n',
      ),
    );
  });

  it("appends an edge in the flow style of its siblings", () => {
    const out = applyYamlEdits(SOURCE, [
      { op: "append", path: ["edges"], value: { source: "orders", target: "gateway" } },
    ]);
    expect(out).toBe(
      SOURCE.replace("# main path\n", "# main path\n  - {source: orders, target: gateway}\n"),
    );
  });

  it("removes a list item with the comment above it and one blank line", () => {
    const out = applyYamlEdits(SOURCE, [{ op: "remove", path: ["nodes", 0] }]);
    expect(out).toBe(
      SOURCE.replace(
        "  # the entry point\n  - name: gateway\n    port: 9001     # fixed port\n    role: ingress\n\n",
        "",
      ),
    );
  });

  it("removes the last item and the blank line before it", () => {
    const out = applyYamlEdits(SOURCE, [{ op: "remove", path: ["nodes", 1] }]);
    expect(out).toBe(
      SOURCE.replace(
        '\n\n  - name: orders\n    port: 9002\n    contract: "contracts/orders.yaml"\n',
        "\n",
      ),
    );
  });

  it("turns an emptied list into [] so it stays a list", () => {
    const out = applyYamlEdits(SOURCE, [{ op: "remove", path: ["edges", 0] }]);
    expect(out).toContain("edges: []\n\nrouting:");
    expect((parse(out) as { edges: unknown }).edges).toEqual([]);
  });

  it("turns [] into a block list on the first append, keeping the comment", () => {
    const text = "name: demo\nnodes: [] # none yet\nedges: []\n";
    const out = applyYamlEdits(text, [
      { op: "append", path: ["nodes"], value: { name: "api", port: 9001 } },
    ]);
    expect(out).toBe("name: demo\nnodes: # none yet\n  - name: api\n    port: 9001\nedges: []\n");
  });

  it("adds a missing list key at the end of the map", () => {
    const out = applyYamlEdits("name: demo\n", [
      { op: "append", path: ["nodes"], value: { name: "a", port: 1 } },
    ]);
    expect(out).toBe("name: demo\nnodes:\n  - name: a\n    port: 1\n");
  });

  it("sets a scalar in place and adds a key to a list item", () => {
    const out = applyYamlEdits(SOURCE, [
      { op: "set", path: ["version"], value: 3 },
      { op: "set", path: ["nodes", 0, "contract"], value: "contracts/gateway.yaml" },
    ]);
    expect(out).toBe(
      SOURCE.replace("version: 2", "version: 3").replace(
        "    role: ingress\n",
        "    role: ingress\n    contract: contracts/gateway.yaml\n",
      ),
    );
  });

  it("adds a nested mapping in block style", () => {
    const out = applyYamlEdits(SOURCE, [
      { op: "set", path: ["nodes", 1, "data_access"], value: { reads: [], writes: [] } },
    ]);
    expect(out).toContain(
      '    contract: "contracts/orders.yaml"\n    data_access:\n      reads: []\n      writes: []\n',
    );
  });

  it("removes a map key and writes {} for an emptied map", () => {
    const out = applyYamlEdits(SOURCE, [{ op: "remove", path: ["routing", "orders"] }]);
    expect(out).toBe(
      SOURCE.replace("routing:\n  orders:\n    strategy: single\n", "routing: {}\n"),
    );
  });

  it("edits flow collections by rewriting only them", () => {
    const text = "nodes: [{name: a, port: 1}, {name: b, port: 2}] # keep\nx: 1\n";
    expect(applyYamlEdits(text, [{ op: "remove", path: ["nodes", 0] }])).toBe(
      "nodes: [{name: b, port: 2}] # keep\nx: 1\n",
    );
    expect(applyYamlEdits(text, [{ op: "set", path: ["nodes", 1, "role"], value: "egress" }])).toBe(
      "nodes: [{name: a, port: 1}, {name: b, port: 2, role: egress}] # keep\nx: 1\n",
    );
  });

  it("keeps flush (unindented) list style", () => {
    const text = "nodes:\n- name: a\n  port: 1\nedges: []\n";
    const out = applyYamlEdits(text, [
      { op: "append", path: ["nodes"], value: { name: "b", port: 2 } },
    ]);
    expect(out).toBe("nodes:\n- name: a\n  port: 1\n- name: b\n  port: 2\nedges: []\n");
  });

  it("handles a file without a trailing newline", () => {
    const out = applyYamlEdits("nodes:\n  - name: a\n    port: 1", [
      { op: "append", path: ["nodes"], value: { name: "b", port: 2 } },
    ]);
    expect(parse(out)).toEqual({
      nodes: [
        { name: "a", port: 1 },
        { name: "b", port: 2 },
      ],
    });
  });

  it("matches the Document API semantically for any sequence of edits (property)", () => {
    const name = fc.constantFrom("a", "b", "c", "d");
    const edit: fc.Arbitrary<YamlEdit> = fc.oneof(
      fc.record({
        op: fc.constant("append" as const),
        path: fc.constant(["nodes"]),
        value: fc.record({ name, port: fc.integer({ min: 1, max: 9 }) }),
      }),
      fc.record({
        op: fc.constant("remove" as const),
        path: fc.tuple(fc.constant("nodes"), fc.integer({ min: 0, max: 2 })),
      }),
      fc.record({
        op: fc.constant("set" as const),
        path: fc.tuple(
          fc.constant("nodes"),
          fc.integer({ min: 0, max: 1 }),
          fc.constantFrom("role", "port"),
        ),
        value: fc.constantFrom("egress", 7),
      }),
    );
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 6 }), (edits) => {
        let model = parse(SOURCE) as { nodes: Record<string, unknown>[] };
        let text = SOURCE;
        for (const e of edits) {
          const nodes = model.nodes;
          if (e.op === "remove" && nodes[e.path[1] as number] === undefined) continue;
          if (e.op === "set" && nodes[e.path[1] as number] === undefined) continue;
          text = applyYamlEdits(text, [e]);
          if (e.op === "append") nodes.push(e.value as Record<string, unknown>);
          if (e.op === "remove") nodes.splice(e.path[1] as number, 1);
          if (e.op === "set")
            (nodes[e.path[1] as number] as Record<string, unknown>)[e.path[2] as string] = e.value;
          model = { ...model, nodes };
        }
        expect(parse(text)).toEqual(model);
        expect(text).toContain("# Shop circuit — hand-written header");
        expect(text).toContain("# end of file");
      }),
      { numRuns: 200 },
    );
  });
});
