import { describe, expect, expectTypeOf, it } from "vitest";
import type { NodeConfig } from "../circuit/index.js";
import { isBatonError } from "../common/index.js";
import { collapseChanges, planCollapse, type PlanNode } from "./collapse-plan.js";

// The nodes of examples/shop/baton.yaml, as the circuit loader gives them (fields read here only).
const SHOP: readonly PlanNode[] = [
  { name: "gateway", role: "ingress", proxy_mode: "http", contract: "contracts/gateway.yaml" },
  { name: "orders", role: "service", proxy_mode: "http", contract: "contracts/orders.yaml" },
  { name: "users", role: "service", proxy_mode: "http", contract: "contracts/users.yaml" },
  { name: "catalog", role: "service", proxy_mode: "http", contract: "contracts/catalog.yaml" },
  { name: "payments", role: "egress", proxy_mode: "http", contract: "contracts/payments.yaml" },
];
const SHOP_NAMES = SHOP.map((node) => node.name);

function kinds(nodes: readonly PlanNode[], live: readonly string[]): Record<string, string> {
  return Object.fromEntries(planCollapse(nodes, live).backends.map((b) => [b.node, b.kind]));
}

function failure(nodes: readonly PlanNode[], live: readonly string[]) {
  try {
    planCollapse(nodes, live);
  } catch (error) {
    if (isBatonError(error)) return error;
    throw error;
  }
  throw new Error("expected planCollapse to fail");
}

describe("planCollapse", () => {
  it("takes the circuit's own node objects as they are", () => {
    expectTypeOf<NodeConfig>().toExtend<PlanNode>();
  });

  it("mocks the whole shop from its contracts when nothing is live", () => {
    const plan = planCollapse(SHOP, []);
    expect(plan.level).toBe("full_mock");
    expect(plan.notes).toEqual([]);
    expect(plan.backends).toEqual(
      SHOP.map((node) => ({
        kind: "mock",
        node: node.name,
        source: "contract",
        contract: node.contract,
        protocol: "http",
      })),
    );
  });

  it("is partial when some nodes are live, the rest mocked", () => {
    const plan = planCollapse(SHOP, ["orders", "users"]);
    expect(plan.level).toBe("partial");
    expect(plan.notes).toEqual([]);
    expect(kinds(SHOP, ["orders", "users"])).toEqual({
      gateway: "mock",
      orders: "live",
      users: "live",
      catalog: "mock",
      payments: "mock",
    });
  });

  it("is full_live when every non-egress node is live; the egress node stays mocked", () => {
    const plan = planCollapse(SHOP, ["gateway", "orders", "users", "catalog"]);
    expect(plan.level).toBe("full_live");
    expect(plan.notes).toEqual([]);
    expect(plan.backends.at(-1)).toMatchObject({ kind: "mock", node: "payments" });
  });

  it("keeps an egress node named live mocked, with a note", () => {
    const plan = planCollapse(SHOP, SHOP_NAMES);
    expect(plan.level).toBe("full_live");
    expect(plan.backends.find((b) => b.node === "payments")).toMatchObject({
      kind: "mock",
      source: "contract",
      contract: "contracts/payments.yaml",
    });
    expect(plan.notes).toHaveLength(1);
    expect(plan.notes[0]).toMatch(/^egress node 'payments' stays mocked/);
  });

  it("plans only the egress node as asked: nothing is live", () => {
    const plan = planCollapse(SHOP, ["payments"]);
    expect(plan.level).toBe("full_mock");
    expect(plan.notes).toHaveLength(1);
  });

  it("calls a circuit of egress nodes only, or none, full_mock", () => {
    const egress: PlanNode[] = [{ name: "bank", role: "egress", proxy_mode: "soap" }];
    expect(planCollapse(egress, ["bank"]).level).toBe("full_mock");
    expect(planCollapse([], []).level).toBe("full_mock");
  });

  it("treats the live list as a set", () => {
    const plan = planCollapse(SHOP, ["orders", "orders", "payments", "payments"]);
    expect(plan.level).toBe("partial");
    expect(plan.backends.filter((b) => b.kind === "live")).toEqual([
      { kind: "live", node: "orders" },
    ]);
    expect(plan.notes).toHaveLength(1);
  });

  it("refuses a name that is not a node, suggesting the nearest", () => {
    const error = failure(SHOP, ["orders", "ordres"]);
    expect(error.code).toBe("E_NODE_NOT_FOUND");
    expect(error.message).toContain("'ordres'");
    expect(error.hint).toBe("did you mean 'orders'?");
  });

  it("reports every unknown name once, listing the nodes when none is near", () => {
    const error = failure(SHOP, ["zzz", "catalgo", "zzz"]);
    expect(error.message).toContain("'zzz'");
    expect(error.hint).toBe(`nodes: ${SHOP_NAMES.join(", ")}`);
    expect(error.diagnostics.map((d) => [d.code, d.hint])).toEqual([
      ["E_NODE_NOT_FOUND", `nodes: ${SHOP_NAMES.join(", ")}`],
      ["E_NODE_NOT_FOUND", "did you mean 'catalog'?"],
    ]);
    expect(failure([], ["x"]).hint).toBe("add one with 'baton node add'");
  });

  it("gives a node without a contract a generic mock in its protocol that says why", () => {
    const nodes: PlanNode[] = [
      { name: "ledger", role: "service", proxy_mode: "grpc", contract: "" },
      { name: "cache", role: "service", proxy_mode: "tcp" },
    ];
    const [ledger, cache] = planCollapse(nodes, []).backends;
    expect(ledger).toMatchObject({ kind: "mock", source: "generic", protocol: "grpc" });
    expect(cache).toMatchObject({ kind: "mock", source: "generic", protocol: "tcp" });
    const reason = ledger?.kind === "mock" && ledger.source === "generic" ? ledger.reason : "";
    expect(reason).toContain("no contract");
    expect(reason).toContain("'ledger'");
  });

  it("keeps the circuit's node order, whatever the live list's order", () => {
    const reversed = [...SHOP].reverse();
    expect(planCollapse(SHOP, ["catalog", "gateway"]).backends.map((b) => b.node)).toEqual(
      SHOP_NAMES,
    );
    expect(planCollapse(reversed, ["catalog", "gateway"]).backends.map((b) => b.node)).toEqual(
      [...SHOP_NAMES].reverse(),
    );
  });

  it("throws a TypeError for repeated node names (a caller's bug)", () => {
    const orders = SHOP[1] as PlanNode;
    expect(() => planCollapse([orders, orders], [])).toThrow(TypeError);
  });
});

describe("collapseChanges", () => {
  it("lists only the nodes whose backend changes, in node order", () => {
    const current = planCollapse(SHOP, ["orders", "users"]);
    const next = planCollapse(SHOP, ["users", "catalog", "payments"]);
    expect(collapseChanges(current, next)).toEqual({
      toMock: ["orders"],
      toLive: ["catalog"],
      unchanged: ["gateway", "users", "payments"],
    });
  });

  it("changes nothing between equal plans", () => {
    const plan = planCollapse(SHOP, ["gateway"]);
    expect(collapseChanges(plan, planCollapse(SHOP, ["gateway", "gateway"]))).toEqual({
      toMock: [],
      toLive: [],
      unchanged: SHOP_NAMES,
    });
  });

  it("rebuilds a mock whose contract or protocol changed, and one for a new node", () => {
    const before: PlanNode[] = [
      { name: "a", role: "service", proxy_mode: "http", contract: "a.yaml" },
      { name: "b", role: "service", proxy_mode: "http" },
      { name: "gone", role: "service", proxy_mode: "http" },
    ];
    const after: PlanNode[] = [
      { name: "a", role: "service", proxy_mode: "http", contract: "a-v2.yaml" },
      { name: "b", role: "service", proxy_mode: "grpc" },
      { name: "new", role: "service", proxy_mode: "http" },
    ];
    expect(collapseChanges(planCollapse(before, []), planCollapse(after, ["new"]))).toEqual({
      toMock: ["a", "b"],
      toLive: ["new"],
      unchanged: [],
    });
  });
});
