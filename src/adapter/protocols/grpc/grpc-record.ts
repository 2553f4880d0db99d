import type { ErrorKind } from "../../stats/index.js";
import { countTraffic, type TrafficContext } from "../../traffic-context.js";
import { GRPC_STATUS } from "./grpc-status.js";

/** One finished call, as observers (metrics, signals) see it. */
export interface GrpcRequestRecord {
  readonly method: string;
  /** `/package.Service/Method`. */
  readonly path: string;
  /** HTTP status sent to the client; 0 when the stream was reset before one. */
  readonly status: number;
  /** The call's gRPC status (backend's or the adapter's), or null when none was sent. */
  readonly grpcStatus: number | null;
  readonly latencyMs: number;
  /** The target that served it, or null when the adapter answered itself. */
  readonly target: string | null;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Why the call failed, or null. */
  readonly errorKind: ErrorKind | null;
  readonly traceId: string;
}

/** What the call pipeline works with: the adapter's collaborators and counters. */
export interface GrpcContext extends TrafficContext {
  readonly onRequest: ((record: GrpcRequestRecord) => void) | undefined;
}

/** A finished call before its latency is known. */
export type FinishedCall = Omit<GrpcRequestRecord, "latencyMs"> & {
  readonly startedMs: number;
  /** Error text for `lastError`. */
  readonly detail: string;
};

/**
 * The error kind a gRPC status counts as: UNAVAILABLE a `connect` error, DEADLINE_EXCEEDED a
 * `timeout`, any other non-OK status a `fault`; OK and no status none.
 */
export function grpcErrorKind(grpcStatus: number | null): ErrorKind | null {
  if (grpcStatus === null || grpcStatus === GRPC_STATUS.OK) return null;
  if (grpcStatus === GRPC_STATUS.UNAVAILABLE) return "connect";
  if (grpcStatus === GRPC_STATUS.DEADLINE_EXCEEDED) return "timeout";
  return "fault";
}

/** Counts a finished call in the adapter's and the target's stats, its signal, its record. */
export function recordCall(ctx: GrpcContext, f: FinishedCall): void {
  const latencyMs = countTraffic(ctx, f);
  ctx.onRequest?.({
    method: f.method,
    path: f.path,
    status: f.status,
    grpcStatus: f.grpcStatus,
    latencyMs,
    target: f.target,
    bytesIn: f.bytesIn,
    bytesOut: f.bytesOut,
    errorKind: f.errorKind,
    traceId: f.traceId,
  });
}
