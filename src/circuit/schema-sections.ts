import { z } from "zod";
import * as D from "./defaults.js";
import { intAtLeast, nonEmpty, port } from "./rules.js";

const positive = z.number().gt(0);

/** TLS for adapters and the admin API; mutual auth for the admin API. */
export const securitySchema = z.strictObject({
  tls: z
    .strictObject({
      mode: z.enum(["off", "circuit", "full"]).default("off"),
      cert: z.string().default(""),
      key: z.string().default(""),
      auto_rotate: z.boolean().default(false),
      rotate_check_interval_s: positive.default(D.TLS_ROTATE_CHECK_INTERVAL_S),
      warning_days: intAtLeast(0).default(D.TLS_WARNING_DAYS),
      critical_days: intAtLeast(0).default(D.TLS_CRITICAL_DAYS),
    })
    .optional(),
  control: z
    .strictObject({
      auth: z.boolean().default(false),
      token_env: z.string().default(""),
      /** `host:port` of a TCP admin listener (off when empty); needs auth and a token. */
      listen: z.string().default(""),
    })
    .optional(),
});

const otlpEndpoint = z.strictObject({
  name: nonEmpty,
  endpoint: nonEmpty,
  protocol: z.enum(["grpc", "http"]).default("grpc"),
});

/** Where traces and metrics go. */
export const observabilitySchema = z.strictObject({
  enabled: z.boolean().default(false),
  sink: z.enum(["jsonl", "otel", "null"]).default("jsonl"),
  otlp_endpoint: z.string().default(""),
  otlp_protocol: z.enum(["grpc", "http"]).default("grpc"),
  service_name: z.string().default(""),
  trace_sample_rate: z.number().min(0).max(1).default(1),
  otlp_enabled: z.boolean().default(true),
  otlp_endpoints: z.array(otlpEndpoint).optional(),
});

const cluster = z.strictObject({
  name: nonEmpty,
  api_endpoint: nonEmpty,
  region: z.string().default(""),
  priority: intAtLeast(0).default(0),
});

/** Circuits in several clusters that know each other. */
export const federationSchema = z.strictObject({
  enabled: z.boolean().default(false),
  identity: cluster.optional(),
  peers: z.array(cluster).default([]),
  edges: z
    .array(
      z.strictObject({
        source_cluster: nonEmpty,
        target_cluster: nonEmpty,
        node_mapping: z.record(z.string(), z.string()).default({}),
      }),
    )
    .default([]),
  heartbeat_interval_s: z.number().min(0.1).default(D.FEDERATION_HEARTBEAT_INTERVAL_S),
  heartbeat_timeout_s: z.number().min(0.1).default(D.FEDERATION_HEARTBEAT_TIMEOUT_S),
  failover_threshold: intAtLeast(1).default(D.FEDERATION_FAILOVER_THRESHOLD),
});

export const arbiterSchema = z.strictObject({
  endpoint: z.string().default(""),
  http_endpoint: z.string().default(""),
  api_endpoint: z.string().default(""),
  forward_spans: z.boolean().default(false),
  classification_tagging: z.boolean().default(false),
});

export const auditChannelSchema = z.strictObject({
  port: port.default(D.AUDIT_CHANNEL_PORT),
  protocol: z.enum(["http", "unix_socket"]).default("http"),
});

export const ledgerSchema = z.strictObject({
  api_endpoint: z.string().default(""),
  mock_from_ledger: z.boolean().default(true),
});

/** PII categories taint analysis plants and scans for. */
export const TAINT_CATEGORIES = ["ssn", "email", "credit_card", "phone", "name"] as const;

export const taintSchema = z.strictObject({
  enabled: z.boolean().default(false),
  scan_requests: z.boolean().default(true),
  scan_responses: z.boolean().default(true),
  categories: z.array(z.enum(TAINT_CATEGORIES)).default([...TAINT_CATEGORIES]),
});

/** The self-healing ladder: restart, replace with the mock, escalate. */
export const custodianSchema = z.strictObject({
  enabled: z.boolean().default(true),
  probe_interval_s: positive.default(D.CUSTODIAN_PROBE_INTERVAL_S),
  probe_timeout_s: positive.default(D.CUSTODIAN_PROBE_TIMEOUT_S),
  failure_threshold: intAtLeast(1).default(D.CUSTODIAN_FAILURE_THRESHOLD),
  replace_threshold: intAtLeast(1).default(D.CUSTODIAN_REPLACE_THRESHOLD),
  restart_backoff_initial_s: positive.default(D.CUSTODIAN_RESTART_BACKOFF_INITIAL_S),
  restart_backoff_max_s: positive.default(D.CUSTODIAN_RESTART_BACKOFF_MAX_S),
  healthy_reset_s: positive.default(D.CUSTODIAN_HEALTHY_RESET_S),
});

/** Automatic canary analysis: promote step by step or roll back. */
export const canarySchema = z.strictObject({
  steps_pct: z
    .array(z.int().min(1).max(100))
    .min(1)
    .default([...D.CANARY_STEPS_PCT]),
  interval_s: positive.default(D.CANARY_INTERVAL_S),
  error_threshold_pct: z.number().min(0).max(100).default(D.CANARY_ERROR_THRESHOLD_PCT),
  latency_p99_threshold_ms: positive.default(D.CANARY_LATENCY_P99_THRESHOLD_MS),
  min_requests: intAtLeast(1).default(D.CANARY_MIN_REQUESTS),
});

/** Where `baton deploy` puts the circuit. */
export const deploySchema = z.strictObject({
  provider: z.enum(["local", "gcp", "aws"]).default("local"),
  project: z.string().default(""),
  region: z.string().default(""),
  namespace: z.string().default(""),
  build: z.boolean().default(false),
  image: z.string().default(""),
});
