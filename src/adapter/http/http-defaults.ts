// Defaults of the HTTP adapter, with the peer each number comes from.

/** Request header block limit, bytes: Node's default `maxHeaderSize` (Envoy allows 60 KiB). */
export const MAX_HEADER_BYTES = 16 * 1024;
/** Request header count limit: Envoy's `max_headers_count` default. */
export const MAX_HEADER_COUNT = 100;
/** Request body limit, bytes (configurable per node): 10 MiB, nginx-style explicit cap. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Time to the backend's response headers before a 504: Envoy's route timeout default, 15 s. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** Idle time inside a streaming response body before it is cut: Envoy's stream idle timeout, 5 min. */
export const BODY_IDLE_TIMEOUT_MS = 300_000;
/** Connect timeout to a backend: Envoy's cluster `connect_timeout` default, 5 s. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** How long a client keep-alive connection may idle: 60 s (nginx `keepalive_timeout` 75 s). */
export const CLIENT_KEEP_ALIVE_MS = 60_000;
/** Pooled idle connections to a backend are closed after 4 s (undici's default keep-alive). */
export const UPSTREAM_KEEP_ALIVE_MS = 4_000;
/** Connections per backend in the pool: undici Pool's `connections` unlimited; we cap at 128. */
export const UPSTREAM_CONNECTIONS = 128;
/** A drain waits this long for in-flight requests of the old target, then cuts them: 30 s. */
export const DRAIN_TIMEOUT_MS = 30_000;
/** The `Via` pseudonym (RFC 9110 §7.6.3). */
export const VIA = "1.1 baton";
/** A request head must arrive within this, else 408: Node's `headersTimeout` default, 60 s. */
export const HEAD_TIMEOUT_MS = 60_000;
