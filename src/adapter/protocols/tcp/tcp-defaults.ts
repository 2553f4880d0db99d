// Defaults of the TCP adapter, with the peer each number comes from.

/** Time allowed to connect to the target, ms: Envoy's cluster `connect_timeout` default, 5 s. */
export const TCP_CONNECT_TIMEOUT_MS = 5_000;
/** A connection with no bytes either way for this long is closed, ms: Envoy tcp_proxy's `idle_timeout` default, 1 h. */
export const TCP_IDLE_TIMEOUT_MS = 3_600_000;
/** `close()` waits this long for open pipes before cutting them, ms: the adapter drain timeout, 30 s. */
export const TCP_CLOSE_TIMEOUT_MS = 30_000;
