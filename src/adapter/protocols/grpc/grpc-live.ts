import type { Random } from "../../../common/index.js";
import { compileRoute, type Router } from "../../routing/index.js";
import type { RoutingSnapshot } from "../../snapshot.js";
import { GRPC_REQUEST_TIMEOUT_MS } from "./grpc-defaults.js";
import { GrpcUpstream, upstreamKey } from "./grpc-upstream.js";

/** The snapshot in force, compiled for the call path (read by reference, never changed). */
export interface GrpcLive {
  readonly snapshot: RoutingSnapshot;
  readonly router: Router | null;
  /** Upstream per target id. */
  readonly upstreams: ReadonlyMap<string, GrpcUpstream>;
  /** `node/target` per target id, for `x-baton-served-by`. */
  readonly servedBy: ReadonlyMap<string, string>;
  /** Deadline of a call that brings no `grpc-timeout`, ms. */
  readonly requestTimeoutMs: number;
}

/**
 * Problems that make a snapshot unfit for gRPC (beyond `checkSnapshot`): only network targets
 * can take HTTP/2 streams.
 */
export function grpcSnapshotProblems(snapshot: RoutingSnapshot): string[] {
  const problems: string[] = [];
  snapshot.targets.forEach((t, i) => {
    if (t.kind !== "network")
      problems.push(
        `targets[${i}]: '${String(t.id)}' is an in-process handler; a gRPC node takes network targets {host, port} only`,
      );
  });
  return problems;
}

/**
 * Compiles a validated gRPC snapshot. Upstreams come from `pool` (by `upstreamKey`) so a
 * target that stays at the same address keeps its session; new ones are added to it.
 */
export function compileGrpcLive(
  snapshot: RoutingSnapshot,
  node: string,
  random: Random,
  pool: Map<string, GrpcUpstream>,
): GrpcLive {
  const upstreams = new Map<string, GrpcUpstream>();
  const servedBy = new Map<string, string>();
  for (const spec of snapshot.targets) {
    if (spec.kind !== "network")
      throw new TypeError(`compileGrpcLive: target '${spec.id}' is not a network target`);
    const key = upstreamKey(spec);
    let up = pool.get(key);
    if (up === undefined) {
      up = new GrpcUpstream(spec, key);
      pool.set(key, up);
    }
    upstreams.set(spec.id, up);
    servedBy.set(spec.id, `${node}/${spec.id}`);
  }
  return {
    snapshot,
    router: snapshot.route === null ? null : compileRoute(snapshot.route, { random }),
    upstreams,
    servedBy,
    requestTimeoutMs: snapshot.limits?.requestTimeoutMs ?? GRPC_REQUEST_TIMEOUT_MS,
  };
}
