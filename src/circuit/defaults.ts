/** Defaults of baton.yaml fields, one place, with the source of each number. */

/** The adapter's bind address unless a node says otherwise: loopback only. */
export const DEFAULT_HOST = "127.0.0.1";
/** Health probe path for http and soap nodes (the reference's default). */
export const DEFAULT_HEALTH_PATH = "/health";
/** `baton node add` without --port takes the lowest free port from this range (the reference's). */
export const AUTO_PORT_MIN = 9001;
export const AUTO_PORT_MAX = 9999;

/** Custodian (Kubernetes probes: every 10 s, 1 s timeout, 3 misses; we probe every 5 s as the reference). */
export const CUSTODIAN_PROBE_INTERVAL_S = 5;
export const CUSTODIAN_PROBE_TIMEOUT_S = 1;
export const CUSTODIAN_FAILURE_THRESHOLD = 3;
export const CUSTODIAN_REPLACE_THRESHOLD = 6;
/** Restart backoff: Kubernetes CrashLoopBackOff starts at 10 s, doubles, caps at 300 s, resets after 10 min. */
export const CUSTODIAN_RESTART_BACKOFF_INITIAL_S = 10;
export const CUSTODIAN_RESTART_BACKOFF_MAX_S = 300;
export const CUSTODIAN_HEALTHY_RESET_S = 600;

/** Canary analysis (Flagger-like steps; thresholds from the reference controller). */
export const CANARY_STEPS_PCT = [10, 25, 50, 100] as const;
export const CANARY_INTERVAL_S = 30;
export const CANARY_ERROR_THRESHOLD_PCT = 5;
export const CANARY_LATENCY_P99_THRESHOLD_MS = 500;
export const CANARY_MIN_REQUESTS = 20;

/** TLS certificate monitoring (the reference's). */
export const TLS_ROTATE_CHECK_INTERVAL_S = 3600;
export const TLS_WARNING_DAYS = 30;
export const TLS_CRITICAL_DAYS = 7;

/** Federation heartbeats (the reference's). */
export const FEDERATION_HEARTBEAT_INTERVAL_S = 30;
export const FEDERATION_HEARTBEAT_TIMEOUT_S = 10;
export const FEDERATION_FAILOVER_THRESHOLD = 3;

/** The audit channel port (the reference's). */
export const AUDIT_CHANNEL_PORT = 9000;
