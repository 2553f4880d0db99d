// Defaults of the gRPC adapter, with the peer each number comes from.

/**
 * Whole-call deadline when neither `grpc-timeout` nor the snapshot sets one: none, as in gRPC
 * itself (and Envoy with `max_grpc_timeout: 0`) — a long-lived stream must not be cut at 15 s.
 */
export const GRPC_REQUEST_TIMEOUT_MS = Number.POSITIVE_INFINITY;
/** Connect timeout to a backend: Envoy's cluster `connect_timeout` default, 5 s. */
export const GRPC_CONNECT_TIMEOUT_MS = 5_000;
/** A drain waits this long for streams on the old target, then cuts them: 30 s (as HTTP). */
export const GRPC_DRAIN_TIMEOUT_MS = 30_000;
/** Longest `grpc-message` the adapter writes, chars (text past it is cut). */
export const GRPC_MAX_MESSAGE_CHARS = 512;
