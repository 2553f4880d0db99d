import type { Random } from "../../common/index.js";
import { compileRoute, type Router } from "../routing/index.js";
import type { RoutingSnapshot } from "../snapshot.js";
import {
  BODY_IDLE_TIMEOUT_MS,
  MAX_BODY_BYTES,
  MAX_HEADER_COUNT,
  REQUEST_TIMEOUT_MS,
} from "./http-defaults.js";
import { Upstream, upstreamKey } from "./upstream.js";

/** Retries after a failed attempt when the snapshot says nothing (Istio's default for Envoy). */
const DEFAULT_MAX_RETRIES = 2;

/** The snapshot in force, compiled for the request path (read by reference, never changed). */
export interface LiveRouting {
  readonly snapshot: RoutingSnapshot;
  readonly router: Router | null;
  /** Upstream per target id. */
  readonly upstreams: ReadonlyMap<string, Upstream>;
  /** `node/target` per target id, for `x-baton-served-by`. */
  readonly servedBy: ReadonlyMap<string, string>;
  readonly maxBodyBytes: number;
  readonly maxHeaderCount: number;
  readonly requestTimeoutMs: number;
  readonly bodyIdleTimeoutMs: number;
  readonly maxRetries: number;
}

/**
 * Compiles a validated snapshot. Upstreams come from `pool` (by `upstreamKey`) so a target that
 * stays at the same address keeps its warm connections; new ones are added to it.
 */
export function compileLive(
  snapshot: RoutingSnapshot,
  node: string,
  random: Random,
  pool: Map<string, Upstream>,
): LiveRouting {
  const upstreams = new Map<string, Upstream>();
  const servedBy = new Map<string, string>();
  for (const spec of snapshot.targets) {
    const key = upstreamKey(spec);
    let up = pool.get(key);
    if (up === undefined) {
      up = new Upstream(spec, key);
      pool.set(key, up);
    }
    upstreams.set(spec.id, up);
    servedBy.set(spec.id, `${node}/${spec.id}`);
  }
  const limits = snapshot.limits ?? {};
  return {
    snapshot,
    router: snapshot.route === null ? null : compileRoute(snapshot.route, { random }),
    upstreams,
    servedBy,
    maxBodyBytes: limits.maxBodyBytes ?? MAX_BODY_BYTES,
    maxHeaderCount: limits.maxHeaderCount ?? MAX_HEADER_COUNT,
    requestTimeoutMs: limits.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    bodyIdleTimeoutMs: limits.bodyIdleTimeoutMs ?? BODY_IDLE_TIMEOUT_MS,
    maxRetries: snapshot.maxRetries ?? DEFAULT_MAX_RETRIES,
  };
}
