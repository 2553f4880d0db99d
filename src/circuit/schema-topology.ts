import { z } from "zod";
import { DEFAULT_HOST } from "./defaults.js";
import { bindHost, healthPath, intAtLeast, nodeName, nonEmpty, plainText, port } from "./rules.js";

/** Protocols an adapter speaks. */
export const PROXY_MODES = ["http", "tcp", "grpc", "protobuf", "soap"] as const;
/** What a node is in the circuit. */
export const ROLES = ["service", "ingress", "egress"] as const;
/** Routing strategies. */
export const ROUTING_STRATEGIES = ["single", "weighted", "header", "canary"] as const;

export type ProxyMode = (typeof PROXY_MODES)[number];
export type Role = (typeof ROLES)[number];

const routingTarget = z.strictObject({
  name: nonEmpty,
  host: bindHost.default(DEFAULT_HOST),
  port: port.optional(),
  weight: z.int().min(0).max(100).default(100),
});

const headerRule = z.strictObject({
  header: nonEmpty,
  value: nonEmpty,
  target: nonEmpty,
  match: z.enum(["exact", "prefix", "regex"]).default("exact"),
});

/** How an adapter splits traffic between its targets. */
export const routingSchema = z.strictObject({
  strategy: z.enum(ROUTING_STRATEGIES).default("single"),
  targets: z.array(routingTarget).default([]),
  rules: z.array(headerRule).default([]),
  default_target: z.string().default(""),
  locked: z.boolean().default(false),
  sticky: z.strictObject({ header: nonEmpty.optional(), cookie: nonEmpty.optional() }).optional(),
});

const telemetryClass = z.strictObject({
  match: nonEmpty,
  class: nonEmpty.optional(),
  telemetry_class: nonEmpty.optional(),
  slo_p95_ms: z.number().min(0).optional(),
  owner: z.string().optional(),
});

/** A service of the circuit. */
export const nodeSchema = z.strictObject({
  name: nodeName,
  port,
  host: bindHost.default(DEFAULT_HOST),
  proxy_mode: z.enum(PROXY_MODES).default("http"),
  role: z.enum(ROLES).default("service"),
  contract: z.string().default(""),
  openapi_spec: z.string().default(""),
  health_path: healthPath.optional(),
  management_port: z.int().min(0).max(65535).optional(),
  metadata: z.record(z.string(), plainText).default({}),
  data_access: z
    .strictObject({ reads: z.array(nonEmpty).default([]), writes: z.array(nonEmpty).default([]) })
    .nullable()
    .optional(),
  authority: z.array(nonEmpty).default([]),
  routing: routingSchema.optional(),
  telemetry: z.strictObject({ classes: z.array(telemetryClass).default([]) }).optional(),
});

/** Call policy of an edge; unset fields take the adapter's defaults (Envoy's). */
export const edgePolicySchema = z.strictObject({
  timeout_ms: intAtLeast(1).optional(),
  retries: z.int().min(0).max(10).optional(),
  retry_backoff_ms: intAtLeast(0).optional(),
  retry_backoff_max_ms: intAtLeast(0).optional(),
  circuit_breaker_threshold: intAtLeast(0).optional(),
});

/** A caller → callee dependency. */
export const edgeSchema = z.strictObject({
  source: nonEmpty,
  target: nonEmpty,
  label: z.string().default(""),
  policy: edgePolicySchema.optional(),
  data_tiers_in_flight: z.array(nonEmpty).default([]),
});

export type NodeConfig = z.output<typeof nodeSchema>;
export type EdgeConfig = z.output<typeof edgeSchema>;
export type EdgePolicy = z.output<typeof edgePolicySchema>;
export type RoutingConfig = z.output<typeof routingSchema>;
