import type { RouteSpec, RoutingSnapshot, TargetSpec } from "../../adapter/index.js";
import type { RoutingConfig } from "../../circuit/index.js";

/** Call policy a node's adapter applies to the calls it serves (merged from its edges). */
export interface NodePolicy {
  readonly retries?: number | undefined;
  readonly timeout_ms?: number | undefined;
}

/** What of a node shapes its adapter's snapshot. */
export interface RoutedNode {
  readonly routing?: RoutingConfig | undefined;
  readonly policy?: NodePolicy | undefined;
}

/**
 * The snapshot a node's adapter runs: its backend (mock or live service) alone, or — when
 * baton.yaml gives the node a routing strategy — the declared targets, where a target without
 * a port stands for the node's own backend. Lock and call policy come from baton.yaml too.
 */
export function routeSnapshot(
  node: RoutedNode,
  backend: TargetSpec | null,
  version: number,
): RoutingSnapshot {
  const routing = node.routing;
  const { retries, timeout_ms: timeout } = node.policy ?? {};
  const common = {
    version,
    ...(routing?.locked === true ? { locked: true } : {}),
    ...(retries === undefined ? {} : { maxRetries: retries }),
    ...(timeout === undefined ? {} : { limits: { requestTimeoutMs: timeout } }),
  };
  if (routing === undefined || routing.strategy === "single")
    return {
      ...common,
      targets: backend === null ? [] : [backend],
      route: backend === null ? null : { kind: "single", target: backend.id },
    };
  // A target without a port is the node's own backend; with none yet, nothing is routed.
  if (backend === null && routing.targets.some((t) => t.port === undefined))
    return { ...common, targets: [], route: null };
  const idOf = new Map(
    routing.targets.map((t) => [
      t.name,
      t.port === undefined && backend !== null ? backend.id : t.name,
    ]),
  );
  const targets: TargetSpec[] = routing.targets.flatMap((t): TargetSpec[] =>
    t.port === undefined ? [] : [{ kind: "network", id: t.name, host: t.host, port: t.port }],
  );
  if (backend !== null && [...idOf.values()].includes(backend.id)) targets.push(backend);
  const id = (name: string): string => idOf.get(name) ?? name;
  return { ...common, targets, route: routeOf(routing, id) };
}

/** The adapter route of a declared routing strategy (not `single`). */
function routeOf(routing: RoutingConfig, id: (name: string) => string): RouteSpec {
  const [primary, canary] = routing.targets;
  switch (routing.strategy) {
    case "weighted":
      return {
        kind: "weighted",
        targets: routing.targets.map((t) => ({ target: id(t.name), weight: t.weight })),
        ...(routing.sticky?.header !== undefined
          ? { sticky: { header: routing.sticky.header.toLowerCase() } }
          : routing.sticky?.cookie !== undefined
            ? { sticky: { cookie: routing.sticky.cookie } }
            : {}),
      };
    case "header":
      return {
        kind: "header",
        rules: routing.rules.map((r) => ({
          header: r.header.toLowerCase(),
          match: r.match,
          value: r.value,
          target: id(r.target),
        })),
        default: id(routing.default_target),
      };
    default:
      // canary: the first target is the primary, the second gets its weight in percent.
      return {
        kind: "canary",
        primary: id(primary?.name ?? ""),
        canary: id(canary?.name ?? ""),
        percent: canary?.weight ?? 0,
      };
  }
}
