// What a pipe tells the outside world. Library code never logs (shared/design.md §5); it calls
// these hooks with primitives so the per-chunk path allocates nothing.

/** A `{host, port}` to connect to. */
export interface PipeTarget {
  readonly host: string;
  readonly port: number;
}

/** `in` = client → target, `out` = target → client. */
export type PipeDirection = "in" | "out";

/** Which socket of a pipe: the accepted client or the dialled target. */
export type PipeSide = "client" | "target";

/** Why a pipe ended: both sides finished (`eof`), a failure, or a local decision. */
export type PipeCloseReason =
  "eof" | "connect-failed" | "reset" | "idle-timeout" | "framing-error" | "destroyed";

/** One line about a finished pipe, handed to `onClosed` once per connection. */
export interface PipeSummary {
  readonly reason: PipeCloseReason;
  /** Bytes read from the client (client → target). */
  readonly bytesIn: number;
  /** Bytes read from the target (target → client). */
  readonly bytesOut: number;
  /** From accept to both sockets closed, ms (monotonic clock). */
  readonly durationMs: number;
}

/** Optional hooks a pipe calls; one observer may be shared by every connection of an adapter. */
export interface PipeObserver {
  /** Bytes read from one side, per chunk, before they are forwarded. */
  onBytes?(direction: PipeDirection, bytes: number): void;
  /** The target could not be reached (refused, unreachable, timed out); `reason` is short text. */
  onConnectFailed?(target: PipeTarget, reason: string): void;
  /** One side failed mid-stream (reset, broken pipe, other socket error). */
  onReset?(side: PipeSide, reason: string): void;
  /** Both sockets are closed; called exactly once per pipe. */
  onClosed?(summary: PipeSummary): void;
}
