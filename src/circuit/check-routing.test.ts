import { describe, expect, it } from "vitest";
import {
  apiAndOrders,
  at,
  check,
  indent,
  onlyError,
  place,
  places,
  pos,
  useFixtureDir,
} from "../../test/support/circuit-check.js";

// Routing rules, for a route in the top-level routing map and on a node: targets and weights,
// header rules, regular expressions, and routing keys that must name a node once.

useFixtureDir();

describe.each([1, 2])("checkCircuitText, version %i", (version) => {
  describe.each([
    ["the top-level routing map", "routing.orders"],
    ["a node's routing", "nodes[1].routing"],
  ])("routing in %s", (_where, prefix) => {
    /** A circuit whose node `orders` is routed by `body` (YAML at column 0). */
    const routed = (body: string): string => {
      const head = apiAndOrders(version);
      return prefix === "routing.orders"
        ? `${head}routing:\n  orders:\n${indent(body, 4)}\n`
        : `${head}    routing:\n${indent(body, 6)}\n`;
    };

    it("accepts weighted targets that sum to 100", () => {
      const result = check(
        routed(
          "strategy: weighted\ntargets:\n  - {name: stable, weight: 90}\n  - {name: canary, weight: 10}",
        ),
      );
      expect(result.errors).toEqual([]);
      const route =
        prefix === "routing.orders"
          ? result.config?.routing.orders
          : result.config?.nodes[1]?.routing;
      expect(route?.targets.map((t) => [t.name, t.host, t.weight])).toEqual([
        ["stable", "127.0.0.1", 90],
        ["canary", "127.0.0.1", 10],
      ]);
    });

    it("rejects weighted targets that do not sum to 100", () => {
      const text = routed(
        "strategy: weighted\ntargets:\n  - {name: stable, weight: 80}\n  - {name: canary, weight: 30}",
      );
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.targets`,
        ...pos(text, "targets:"),
      });
      expect(error.message).toBe("weights sum to 110, not 100");
      expect(error.hint).toContain("add up to 100");
    });

    it("rejects canary routing without targets", () => {
      const text = routed("strategy: canary\ntargets: []");
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.targets`,
        ...pos(text, "targets:"),
      });
      expect(error.message).toBe("canary routing needs targets");
    });

    it("rejects header routing without rules or default_target", () => {
      const text = routed("strategy: header\ntargets:\n  - name: v1");
      const result = check(text);
      const route = pos(text, "strategy: header");
      expect(places(result.errors)).toEqual([
        { code: "E_CONFIG_INVALID", field: `${prefix}.default_target`, ...route },
        { code: "E_CONFIG_INVALID", field: `${prefix}.rules`, ...route },
      ]);
      expect(at(result.errors, `${prefix}.rules`).message).toBe(
        "header routing needs at least one rule",
      );
      expect(at(result.errors, `${prefix}.default_target`).message).toBe(
        "header routing needs a default_target",
      );
    });

    it("rejects a rule target that is not a target", () => {
      const text = routed(`strategy: header
targets:
  - name: stable
  - name: canary
rules:
  - {header: X-Canary, value: "1", target: canry}
default_target: stable`);
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.rules[0].target`,
        ...pos(text, "canry"),
      });
      expect(error.message).toBe("rule target 'canry' is not a target");
      expect(error.hint).toBe("did you mean 'canary'?");
    });

    it("rejects a default_target that is not a target", () => {
      const text = routed(`strategy: header
targets:
  - name: stable
  - name: canary
rules:
  - {header: X-Canary, value: "1", target: canary}
default_target: stabel`);
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.default_target`,
        ...pos(text, "stabel"),
      });
      expect(error.message).toBe("default_target 'stabel' is not a target");
      expect(error.hint).toBe("did you mean 'stable'?");
    });

    it("rejects duplicate target names at the second one", () => {
      const text = routed(
        "strategy: weighted\ntargets:\n  - {name: stable, weight: 50}\n  - {name: stable, weight: 50}",
      );
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.targets[1].name`,
        ...pos(text, "stable", 1),
      });
      expect(error.message).toBe("duplicate target name 'stable'");
    });

    const regexRoute = (match: string): string => `strategy: header
targets:
  - name: v1
  - name: v2
rules:
  - header: X-Version
    value: "v2("
    target: v2
    match: ${match}
default_target: v1`;

    it("rejects a bad regular expression with match: regex", () => {
      const text = routed(regexRoute("regex"));
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.rules[0].value`,
        ...pos(text, '"v2("'),
      });
      expect(error.message).toBe("'v2(' is not a valid regular expression");
      expect(error.hint).toContain("match: exact");
    });

    it("accepts the same value with match: exact", () => {
      expect(check(routed(regexRoute("exact"))).errors).toEqual([]);
    });

    it("suggests a misspelt strategy and routing key", () => {
      const text = routed("stratgy: single\nlocked: true");
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.stratgy`,
        ...pos(text, "stratgy"),
      });
      expect(error.hint).toContain("did you mean 'strategy'?");

      const valueText = routed("strategy: wieghted");
      const value = onlyError(check(valueText));
      expect(place(value)).toEqual({
        code: "E_CONFIG_INVALID",
        field: `${prefix}.strategy`,
        ...pos(valueText, "wieghted"),
      });
      expect(value.hint).toContain("did you mean 'weighted'?");
    });
  });

  describe("top-level routing keys", () => {
    const nodes = apiAndOrders(version);

    it("rejects a key that is not a node, with a did-you-mean", () => {
      const error = onlyError(check(`${nodes}routing:\n  ordrs:\n    strategy: single\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "routing.ordrs",
        line: 9,
        column: 3,
      });
      expect(error.message).toBe("routing for 'ordrs', which is not a node");
      expect(error.hint).toBe("did you mean 'orders'?");
    });

    it("rejects routing declared both at the top and on the node", () => {
      const text = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
  - name: orders
    port: 9002
    routing:
      strategy: single
routing:
  orders:
    strategy: single
`;
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "routing.orders",
        line: 11,
        column: 3,
      });
      expect(error.message).toBe(
        "routing for 'orders' is declared twice (here and in nodes[1].routing)",
      );
      expect(error.hint).toBe("keep one of the two");
    });
  });
});
