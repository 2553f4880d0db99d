// Defaults of the health checks, with the source of each number.

/** A check settles within this long, ms: Kubernetes probes' `timeoutSeconds` default, 1 s. */
export const HEALTH_TIMEOUT_MS = 1_000;
/** Path probed on HTTP and SOAP nodes: the node's `metadata.health_path` default (spec §4.10). */
export const HEALTH_PATH = "/health";
/** Body bytes read from an HTTP health answer before the socket is cut (spec §4.10: 4 096). */
export const HTTP_HEALTH_BODY_BYTES = 4_096;
/** Body bytes read from a SOAP health answer, enough to see a Fault (spec §5.5: 8 192). */
export const SOAP_HEALTH_BODY_BYTES = 8_192;
/** Response bytes read from a gRPC health answer; a HealthCheckResponse is a few bytes. */
export const GRPC_HEALTH_RESPONSE_BYTES = 4_096;
/** A valid `health_path`: the spec's injection guard (§18.2), nothing that could split a request. */
export const HEALTH_PATH_PATTERN = /^\/[a-zA-Z0-9/_.\-~%]*$/;
