import type { ErrorCode } from "../common/index.js";

/**
 * The admin API contract, v1: JSON over HTTP, on `.baton/admin.sock` (mode 0600) and, only
 * when a token is configured, on TCP with `authorization: Bearer <token>`
 * (shared/design.md §2). Transports live in `runtime/admin/` (server) and `client/`.
 */
export const ADMIN_API_VERSION = "v1";

/** The socket file's name inside a project's state folder (`.baton/`). */
export const ADMIN_SOCKET_FILE = "admin.sock";

/** One method of the API: what a handler is registered under and a client calls. */
export interface AdminRoute {
  readonly method: "GET" | "POST";
  readonly path: string;
}

/** `GET /v1/status`: what runs, and how each node fares. No request body. */
export const STATUS_ROUTE = { method: "GET", path: `/${ADMIN_API_VERSION}/status` } as const;

/** `POST /v1/down`: stop the owner gracefully. No request body. */
export const DOWN_ROUTE = { method: "POST", path: `/${ADMIN_API_VERSION}/down` } as const;

/** `POST /v1/slot`: start a live service for a node and switch its traffic to it. */
export const SLOT_ROUTE = { method: "POST", path: `/${ADMIN_API_VERSION}/slot` } as const;

/** `POST /v1/swap`: replace what serves a node with a new live service, with no failed request. */
export const SWAP_ROUTE = { method: "POST", path: `/${ADMIN_API_VERSION}/swap` } as const;

/** `POST /v1/unslot`: put a node back on its mock. Body: `{ node }`. */
export const UNSLOT_ROUTE = { method: "POST", path: `/${ADMIN_API_VERSION}/unslot` } as const;

/** `POST /v1/collapse`: every node back on its mock but those kept. Body: `{ keep: [] }`. */
export const COLLAPSE_ROUTE = { method: "POST", path: `/${ADMIN_API_VERSION}/collapse` } as const;

/** `GET /v1/jobs`: the operations running and the last ones run, step by step. */
export const JOBS_ROUTE = { method: "GET", path: `/${ADMIN_API_VERSION}/jobs` } as const;

/** `POST /v1/job/pause`, `…/resume`, `…/cancel`: a person holds, frees or stops a job. Body: `{ job }`. */
export const JOB_PAUSE_ROUTE = { method: "POST", path: `/${ADMIN_API_VERSION}/job/pause` } as const;
export const JOB_RESUME_ROUTE = {
  method: "POST",
  path: `/${ADMIN_API_VERSION}/job/resume`,
} as const;
export const JOB_CANCEL_ROUTE = {
  method: "POST",
  path: `/${ADMIN_API_VERSION}/job/cancel`,
} as const;

/** `POST /v1/resolve`: a person's decision about a step held for one. */
export const RESOLVE_ROUTE = { method: "POST", path: `/${ADMIN_API_VERSION}/resolve` } as const;

/** `POST /v1/apply`: converge the running circuit to baton.yaml. Body: `{ dryRun }`. */
export const APPLY_ROUTE = { method: "POST", path: `/${ADMIN_API_VERSION}/apply` } as const;

/** `GET /v1/export`: the running circuit as baton.yaml (version 2). */
export const EXPORT_ROUTE = { method: "GET", path: `/${ADMIN_API_VERSION}/export` } as const;

/** Response of `POST /v1/apply`: the plan in lines; with the steps run unless a dry run. */
export interface ApplyResponse {
  readonly plan: readonly string[];
  readonly dryRun: boolean;
  readonly steps: readonly { readonly name: string; readonly status: string }[];
}

/** Response of `GET /v1/export`. */
export interface ExportResponse {
  readonly yaml: string;
  /** Set when the running circuit is not exactly the YAML (an apply failed part way). */
  readonly warning: string | null;
}

/** Request of `POST /v1/resolve`. */
export interface ResolveRequestBody {
  readonly job: string;
  /** The step's number (1-based) or name. */
  readonly sheet: string;
  readonly decision: "accept" | "retry" | "skip" | "fail";
}

/** Every route of v1, in one table. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  STATUS_ROUTE,
  DOWN_ROUTE,
  SLOT_ROUTE,
  SWAP_ROUTE,
  UNSLOT_ROUTE,
  COLLAPSE_ROUTE,
  JOBS_ROUTE,
  JOB_PAUSE_ROUTE,
  JOB_RESUME_ROUTE,
  JOB_CANCEL_ROUTE,
  RESOLVE_ROUTE,
  APPLY_ROUTE,
  EXPORT_ROUTE,
];

/** One step of a job: status (waiting, running, retrying, completed, failed, …), attempts. */
export interface JobStepView {
  readonly name: string;
  readonly status: string;
  readonly attempts: number;
  /** Wall-clock epoch ms; null before the first attempt, or while it runs. */
  readonly startedAtMs: number | null;
  readonly endedAtMs: number | null;
  readonly error: string | null;
}

/** One job (an operation run on the core). */
export interface JobView {
  readonly id: string;
  /** up, slot, swap, unslot, collapse. */
  readonly kind: string;
  readonly state: "running" | "completed" | "failed";
  /** Held by a person: no further step starts until it is resumed. */
  readonly paused: boolean;
  readonly startedAtMs: number;
  readonly endedAtMs: number | null;
  readonly steps: readonly JobStepView[];
}

/** Response of `GET /v1/jobs`: running jobs first, then finished ones, newest first. */
export interface JobsResponse {
  readonly jobs: readonly JobView[];
}

/**
 * A client that sends `accept: application/x-ndjson` to an operation route hears its steps as
 * they happen: one JSON object per line, `{ progress }` lines, then one `{ result }` or
 * `{ error, status }` line. Without it, the answer is the plain JSON result (or error).
 */
export const PROGRESS_MEDIA_TYPE = "application/x-ndjson";

/** One step's progress, as operation routes stream it. */
export interface StepProgressLine {
  readonly step: string;
  readonly event: "started" | "completed" | "failed" | "retrying";
  readonly attempt: number;
  readonly error?: string;
}

/** A line of a streamed operation response. */
export type ProgressStreamLine =
  | { readonly progress: StepProgressLine }
  | { readonly result: unknown }
  | { readonly error: ErrorBody["error"]; readonly status: number };

/** Request of `POST /v1/slot` and `POST /v1/swap`. */
export interface SlotRequestBody {
  readonly node: string;
  /** The service's command line (parsed without a shell). */
  readonly command: string;
  /** The absolute folder it runs in. */
  readonly cwd: string;
  /** Skip the check against the node's contract. */
  readonly skipValidate?: boolean;
}

/** Request of `POST /v1/unslot`. */
export interface UnslotRequestBody {
  readonly node: string;
}

/** Request of `POST /v1/collapse`: nodes that keep what serves them now. */
export interface CollapseRequestBody {
  readonly keep: readonly string[];
}

/** How an operation's steps ended (the response of `slot`, `swap`, …). */
export interface OperationResponse {
  readonly ok: true;
  readonly steps: readonly { readonly name: string; readonly status: string }[];
}

/** The key a server's handler table uses for a route: `"GET /v1/status"`. */
export function routeKey(route: AdminRoute): string {
  return `${route.method} ${route.path}`;
}

/** How far the circuit has been collapsed from mocks to live services. */
export type CollapseLevel = "full_mock" | "partial" | "full_live";

/** One node as `status` reports it. */
export interface NodeStatus {
  readonly name: string;
  readonly role: string;
  readonly protocol: string;
  readonly host: string;
  readonly port: number;
  /** What serves the node now: a mock, the live service, or nothing. */
  readonly backend: "mock" | "live" | "none";
  /** The live service, when one is slotted: its process id, own port, command and folder. */
  readonly live: {
    readonly pid: number;
    readonly port: number;
    readonly command: string;
    readonly cwd: string;
  } | null;
  /** Where new requests go: `single → <target>`; null with no backend. */
  readonly routing: string | null;
  /** The backend's health now (probed when status is asked); null with no backend. */
  readonly health: {
    readonly status: "healthy" | "unhealthy" | "unknown";
    readonly reason: string;
  } | null;
  /** Why the custodian called for a person (its mock fails too), or null. */
  readonly escalated: string | null;
  readonly requests: number;
  readonly errors: number;
  /** Requests and errors a second over the last 10 s. */
  readonly requestsPerSecond: number;
  readonly errorsPerSecond: number;
  /** 99th-percentile latency in ms; null until the node has served a request. */
  readonly p99Ms: number | null;
}

/** Response of `GET /v1/status`. */
export interface StatusResponse {
  readonly circuit: string;
  readonly level: CollapseLevel;
  /** The owner's process id. */
  readonly pid: number;
  readonly nodes: readonly NodeStatus[];
}

/** Response of `POST /v1/down`: the owner has begun stopping. */
export interface DownResponse {
  readonly stopping: true;
}

/** The body of every non-2xx response. */
export interface ErrorBody {
  readonly error: {
    /** A BatonError code (common/errors.ts); clients match on it, never on the message. */
    readonly code: ErrorCode;
    readonly message: string;
    readonly hint?: string;
  };
}

/** The HTTP statuses the API answers with. */
export const ADMIN_STATUS = {
  OK: 200,
  /** The body is not JSON, or not what the route takes; or a usage/config error. */
  BAD_REQUEST: 400,
  /** An operation was carried out and one of its steps failed (E_STEP_FAILED). */
  UNPROCESSABLE: 422,
  /** TCP only: the bearer token is missing or wrong. */
  UNAUTHORIZED: 401,
  /** No such path, or the thing named (a node) does not exist. */
  NOT_FOUND: 404,
  /** The path exists but not with this method. */
  METHOD_NOT_ALLOWED: 405,
  /** The request conflicts with what runs (e.g. an owner already runs). */
  CONFLICT: 409,
  /** The body is larger than the server takes. */
  PAYLOAD_TOO_LARGE: 413,
  /** A body was sent without `content-type: application/json`. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
} as const;

/** The status a handler's BatonError is answered with. */
export function statusOfCode(code: ErrorCode): number {
  if (code === "E_NODE_NOT_FOUND" || code === "E_JOB_NOT_FOUND") return ADMIN_STATUS.NOT_FOUND;
  if (code === "E_NO_DECISION_PENDING") return ADMIN_STATUS.CONFLICT;
  if (code === "E_OWNER_RUNNING") return ADMIN_STATUS.CONFLICT;
  if (
    code === "E_USAGE" ||
    code === "E_COMMAND_INVALID" ||
    code === "E_PROGRAM_NOT_FOUND" ||
    code.startsWith("E_CONFIG_")
  )
    return ADMIN_STATUS.BAD_REQUEST;
  // A step that failed is the request's outcome, not the server's fault.
  if (code === "E_STEP_FAILED") return ADMIN_STATUS.UNPROCESSABLE;
  return ADMIN_STATUS.INTERNAL;
}
