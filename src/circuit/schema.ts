import { z } from "zod";
import { nodeName } from "./rules.js";
import {
  arbiterSchema,
  auditChannelSchema,
  canarySchema,
  custodianSchema,
  deploySchema,
  federationSchema,
  ledgerSchema,
  observabilitySchema,
  securitySchema,
  taintSchema,
} from "./schema-sections.js";
import { edgeSchema, nodeSchema, routingSchema } from "./schema-topology.js";

/** Schema versions Baton reads; new files are written at the latest. */
export const SCHEMA_VERSIONS = [1, 2] as const;
export const LATEST_SCHEMA_VERSION = 2;

/** baton.yaml, versions 1 and 2: the one source of truth for its types and validation. */
export const circuitSchema = z.strictObject({
  name: z.string().min(1).default("default"),
  version: z.literal(SCHEMA_VERSIONS).default(1),
  nodes: z.array(nodeSchema).default([]),
  edges: z.array(edgeSchema).default([]),
  routing: z.record(nodeName, routingSchema).default({}),
  services: z.array(z.string().min(1)).optional(),
  deploy: deploySchema.optional(),
  security: securitySchema.optional(),
  observability: observabilitySchema.optional(),
  federation: federationSchema.optional(),
  arbiter: arbiterSchema.optional(),
  audit_channel: auditChannelSchema.optional(),
  ledger: ledgerSchema.optional(),
  taint: taintSchema.optional(),
  custodian: custodianSchema.optional(),
  canary: canarySchema.optional(),
});

/** A parsed, validated baton.yaml with defaults filled in. */
export type CircuitConfig = z.output<typeof circuitSchema>;

/** Fields only version 2 may use: where they live and what they are called. */
export const V2_ONLY_FIELDS = {
  top: ["arbiter", "ledger", "audit_channel", "taint", "custodian", "canary"],
  node: ["data_access", "authority", "openapi_spec", "health_path"],
  edge: ["data_tiers_in_flight"],
} as const;
