import type { Random } from "../../common/index.js";
import { CanaryRouter } from "./canary-router.js";
import { HeaderRouter } from "./header-router.js";
import { validateRouteShape, type RouteSpec } from "./route-spec.js";
import { SingleRouter } from "./single-router.js";
import { WeightedRouter } from "./weighted-router.js";

/** What a router may look at in a request. `header` takes a lowercase name. */
export interface RouteRequest {
  readonly method: string;
  readonly path: string;
  header(name: string): string | undefined;
}

/** Outlier ejection's verdict on a target: false skips it while any other target is available. */
export type IsAvailable = (target: string) => boolean;

/**
 * Picks a target per request. With `isAvailable`, unavailable targets are skipped and the rest
 * share their traffic; when none is available the normal pick is returned anyway (Envoy's panic
 * mode: route to all rather than fail). Null means the router has no target at all.
 */
export interface Router {
  pick(req: RouteRequest, isAvailable?: IsAvailable): string | null;
}

/** Collaborators of a compiled route. */
export interface CompileRouteOptions {
  /** Source of weighted and canary draws; seeded, it makes the pick sequence reproducible. */
  readonly random: Random;
}

/**
 * Compiles a validated route spec into a Router: weights, regexes and hashes are prepared once
 * here so a pick allocates nothing. Throws TypeError on a malformed spec (validate config first
 * with `validateRouteSpec`) or a missing `random`.
 */
export function compileRoute(spec: RouteSpec, options: CompileRouteOptions): Router {
  const random = (options as Partial<CompileRouteOptions> | undefined)?.random;
  if (typeof random?.next !== "function") {
    throw new TypeError("compileRoute: options.random must be a Random ({ next(): number })");
  }
  const problems = validateRouteShape(spec);
  if (problems.length > 0) {
    throw new TypeError(`compileRoute: invalid route spec: ${problems.join("; ")}`);
  }
  switch (spec.kind) {
    case "single":
      return new SingleRouter(spec);
    case "weighted":
      return new WeightedRouter(spec, random);
    case "header":
      return new HeaderRouter(spec);
    case "canary":
      return new CanaryRouter(spec, random);
  }
}
