import { describe, expect, it } from "vitest";
import { isBatonError } from "../common/index.js";
import { circuitSchema, type CircuitConfig } from "./schema.js";
import { addEdge, addNode, removeEdge, removeNode, setContract } from "./topology-edits.js";

const config: CircuitConfig = circuitSchema.parse({
  name: "shop",
  version: 2,
  nodes: [
    { name: "gateway", port: 9001, role: "ingress" },
    { name: "orders", port: 9002 },
    { name: "payments", port: 9003, role: "egress" },
  ],
  edges: [
    { source: "gateway", target: "orders" },
    { source: "orders", target: "payments" },
  ],
  routing: { orders: { strategy: "single" } },
});

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isBatonError(error)) return error.code;
    throw error;
  }
  return "no error";
}

describe("topology edits", () => {
  it("adds a node writing only non-default fields", () => {
    expect(addNode(config, { name: "users", port: 9004 }).edits).toEqual([
      { op: "append", path: ["nodes"], value: { name: "users", port: 9004 } },
    ]);
    const db = addNode(config, { name: "db", port: 5432, mode: "tcp", role: "egress" });
    expect(db.edits[0]).toMatchObject({
      value: { name: "db", port: 5432, proxy_mode: "tcp", role: "egress" },
    });
    expect(db.summary).toBe("Added node 'db' on port 5432 (egress, tcp)");
  });

  it("refuses duplicate names and ports", () => {
    expect(codeOf(() => addNode(config, { name: "orders", port: 9999 }))).toBe("E_NODE_EXISTS");
    expect(codeOf(() => addNode(config, { name: "users", port: 9002 }))).toBe("E_CONFIG_INVALID");
  });

  it("removes a node with its edges (last first, so indexes stay valid) and its routing", () => {
    const change = removeNode(config, "orders");
    expect(change.edits).toEqual([
      { op: "remove", path: ["edges", 1] },
      { op: "remove", path: ["edges", 0] },
      { op: "remove", path: ["routing", "orders"] },
      { op: "remove", path: ["nodes", 1] },
    ]);
    expect(change.summary).toBe(
      "Removed node 'orders' and 2 edges (gateway -> orders, orders -> payments)",
    );
    expect(codeOf(() => removeNode(config, "order"))).toBe("E_NODE_NOT_FOUND");
  });

  it("checks edges before adding them", () => {
    expect(addEdge(config, "gateway", "payments").edits).toEqual([
      { op: "append", path: ["edges"], value: { source: "gateway", target: "payments" } },
    ]);
    expect(codeOf(() => addEdge(config, "gateway", "gateway"))).toBe("E_EDGE_INVALID");
    expect(codeOf(() => addEdge(config, "gateway", "orders"))).toBe("E_EDGE_EXISTS");
    expect(codeOf(() => addEdge(config, "payments", "orders"))).toBe("E_EDGE_INVALID");
    expect(codeOf(() => addEdge(config, "gateway", "nope"))).toBe("E_NODE_NOT_FOUND");
  });

  it("removes edges and hints at the reverse direction", () => {
    expect(removeEdge(config, "orders", "payments").edits).toEqual([
      { op: "remove", path: ["edges", 1] },
    ]);
    try {
      removeEdge(config, "orders", "gateway");
      expect.unreachable();
    } catch (error) {
      expect(isBatonError(error) && error.code).toBe("E_EDGE_NOT_FOUND");
      expect(isBatonError(error) && error.hint).toContain("there is gateway -> orders");
    }
  });

  it("sets a contract on the named node", () => {
    expect(setContract(config, "payments", "contracts/payments.yaml").edits).toEqual([
      { op: "set", path: ["nodes", 2, "contract"], value: "contracts/payments.yaml" },
    ]);
  });
});
