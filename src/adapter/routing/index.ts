export { MAX_CANARY_PERCENT, MAX_REGEX_LENGTH, MAX_ROUTE_ENTRIES, MAX_WEIGHT } from "./defaults.js";
export {
  HEADER_MATCH_KINDS,
  ROUTE_KINDS,
  routeTargets,
  validateRouteSpec,
  type CanaryRoute,
  type HeaderMatchKind,
  type HeaderRoute,
  type HeaderRule,
  type RouteSpec,
  type SingleRoute,
  type StickyKey,
  type WeightedRoute,
  type WeightedTarget,
} from "./route-spec.js";
export {
  compileRoute,
  type CompileRouteOptions,
  type IsAvailable,
  type RouteRequest,
  type Router,
} from "./router.js";
