import { didYouMean } from "../common/index.js";
import type { YamlPath } from "../contract/index.js";
import type { CheckContext } from "./check-context.js";
import type { CircuitConfig } from "./schema.js";
import type { RoutingConfig } from "./schema-topology.js";

/** Routing keys name nodes, are declared once, and each route is coherent. */
export function checkRouting(ctx: CheckContext, config: CircuitConfig): void {
  const names = config.nodes.map((n) => n.name);
  for (const [name, routing] of Object.entries(config.routing)) {
    if (!names.includes(name)) {
      const near = didYouMean(name, names);
      ctx.error(
        "E_CONFIG_INVALID",
        ["routing", name],
        `routing for '${name}', which is not a node`,
        near || "remove the entry or add the node",
        true,
      );
    }
    const index = config.nodes.findIndex((n) => n.name === name);
    if (index >= 0 && config.nodes[index]?.routing !== undefined) {
      ctx.error(
        "E_CONFIG_INVALID",
        ["routing", name],
        `routing for '${name}' is declared twice (here and in nodes[${index}].routing)`,
        "keep one of the two",
        true,
      );
    }
    checkRoute(ctx, ["routing", name], routing);
  }
  config.nodes.forEach((node, i) => {
    if (node.routing) checkRoute(ctx, ["nodes", i, "routing"], node.routing);
  });
}

function checkRoute(ctx: CheckContext, at: YamlPath, route: RoutingConfig): void {
  const targets = route.targets.map((t) => t.name);
  const seen = new Set<string>();
  route.targets.forEach((t, i) => {
    if (seen.has(t.name))
      ctx.error(
        "E_CONFIG_INVALID",
        [...at, "targets", i, "name"],
        `duplicate target name '${t.name}'`,
        "give each target its own name",
      );
    seen.add(t.name);
  });
  if (route.strategy === "weighted" || route.strategy === "canary") {
    const sum = route.targets.reduce((s, t) => s + t.weight, 0);
    if (route.targets.length === 0) {
      ctx.error(
        "E_CONFIG_INVALID",
        [...at, "targets"],
        `${route.strategy} routing needs targets`,
        "list the targets with their weights",
        true,
      );
    } else if (sum !== 100) {
      ctx.error(
        "E_CONFIG_INVALID",
        [...at, "targets"],
        `weights sum to ${sum}, not 100`,
        `make the ${route.strategy} weights add up to 100 (e.g. 80 and 20)`,
        true,
      );
    }
  }
  if (route.strategy === "header") {
    if (route.rules.length === 0)
      ctx.error(
        "E_CONFIG_INVALID",
        [...at, "rules"],
        "header routing needs at least one rule",
        "add rules: [{header: X-Version, value: v2, target: NAME}]",
        true,
      );
    if (route.default_target === "")
      ctx.error(
        "E_CONFIG_INVALID",
        [...at, "default_target"],
        "header routing needs a default_target",
        "name the target that takes requests no rule matches",
        true,
      );
  }
  if (route.default_target !== "" && !targets.includes(route.default_target)) {
    ctx.error(
      "E_CONFIG_INVALID",
      [...at, "default_target"],
      `default_target '${route.default_target}' is not a target`,
      didYouMean(route.default_target, targets) ||
        `use one of: ${targets.join(", ") || "(no targets)"}`,
    );
  }
  route.rules.forEach((r, i) => {
    if (!targets.includes(r.target)) {
      ctx.error(
        "E_CONFIG_INVALID",
        [...at, "rules", i, "target"],
        `rule target '${r.target}' is not a target`,
        didYouMean(r.target, targets) || `use one of: ${targets.join(", ") || "(no targets)"}`,
      );
    }
    if (r.match === "regex" && !isRegex(r.value)) {
      ctx.error(
        "E_CONFIG_INVALID",
        [...at, "rules", i, "value"],
        `'${r.value}' is not a valid regular expression`,
        "fix the pattern or use match: exact",
      );
    }
  });
}

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
