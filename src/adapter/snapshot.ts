import type { RouteSpec } from "./routing/index.js";
import { validateRouteSpec } from "./routing/index.js";
import type { TargetSpec } from "./target.js";

/** Per-node request limits; each absent field takes the adapter default. */
export interface HttpLimits {
  /** Largest request body, bytes (413 beyond). */
  readonly maxBodyBytes?: number;
  /** Most request headers (431 beyond). */
  readonly maxHeaderCount?: number;
  /** Time to the backend's response headers, retries included, ms (504 beyond). */
  readonly requestTimeoutMs?: number;
  /** Longest quiet gap inside a response body, ms (the connection is cut beyond). */
  readonly bodyIdleTimeoutMs?: number;
}

/**
 * What the owner publishes to an adapter (shared/design.md §3): a versioned, immutable
 * description of where the node's traffic goes. The adapter validates it and swaps it in
 * whole (ACK), or rejects it and keeps serving the last good one (NACK), as Envoy does with xDS.
 */
export interface RoutingSnapshot {
  /** Strictly increasing per adapter: an older or equal version is refused (409). */
  readonly version: number;
  readonly targets: readonly TargetSpec[];
  /** How requests pick a target; null: no backend (every request gets a 503 problem). */
  readonly route: RouteSpec | null;
  /** A locked snapshot refuses replacement (423) until one is applied with `unlock`. */
  readonly locked?: boolean;
  readonly limits?: HttpLimits;
  /** Retries after a failed attempt (default 2; 0 disables). */
  readonly maxRetries?: number;
  /** How long a replaced target's in-flight requests may run before they are cut, ms. */
  readonly drainTimeoutMs?: number;
}

/** What a drain waited for: one replaced target. */
export interface DrainReport {
  readonly target: string;
  /** Requests (calls, connections) still in flight on it when it was replaced. */
  readonly inFlight: number;
  readonly waitedMs: number;
  /** Those cut at the deadline (0 when all finished). */
  readonly cut: number;
}

/** The outcome of an adapter's `apply`: ACK with the drains it started, or the refusal. */
export type ApplyResult =
  | { readonly ok: true; readonly version: number; readonly drained: Promise<DrainReport[]> }
  | SnapshotRefusal;

/** A refused snapshot: the HTTP status an admin API answers with, and every problem. */
export interface SnapshotRefusal {
  readonly ok: false;
  readonly status: 400 | 409 | 423;
  readonly errors: readonly string[];
}

const NAME = /^[a-z0-9]([a-z0-9._-]{0,62})$/i;

/**
 * Checks a snapshot against the one in force (`current`, null before the first). Returns null
 * when it may be applied, else the refusal: 423 while the current one is locked (unless
 * `unlock`), 409 for a version that does not move forward, 400 with every problem otherwise.
 */
export function checkSnapshot(
  next: RoutingSnapshot,
  current: RoutingSnapshot | null,
  unlock = false,
): SnapshotRefusal | null {
  if (current?.locked === true && !unlock)
    return refuse(423, [
      `routing of this node is locked (version ${current.version}); unlock it first`,
    ]);
  if (current !== null && !(next.version > current.version))
    return refuse(409, [
      `version ${next.version} is not newer than the version in force (${current.version})`,
    ]);
  const errors: string[] = [];
  if (!Number.isSafeInteger(next.version) || next.version < 0)
    errors.push(`version: must be a non-negative integer, got ${String(next.version)}`);
  const ids = new Set<string>();
  next.targets.forEach((t, i) => {
    const at = `targets[${i}]`;
    if (typeof t.id !== "string" || !NAME.test(t.id))
      errors.push(
        `${at}.id: must be 1-63 letters, digits, '.', '_' or '-', got ${JSON.stringify(t.id)}`,
      );
    else if (ids.has(t.id)) errors.push(`${at}.id: '${t.id}' is listed twice`);
    ids.add(t.id);
    if (t.kind === "network") {
      if (typeof t.host !== "string" || t.host === "" || /[\s/@?#]/.test(t.host))
        errors.push(`${at}.host: must be a host name or IP address, got ${JSON.stringify(t.host)}`);
      if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535)
        errors.push(`${at}.port: must be an integer 1-65535, got ${String(t.port)}`);
    } else if (t.kind !== "handler" || typeof t.handler !== "function")
      errors.push(`${at}: must be a network target {host, port} or an in-process handler`);
  });
  if (next.route !== null) errors.push(...validateRouteSpec(next.route, ids));
  const limits = next.limits ?? {};
  for (const [key, value] of Object.entries(limits))
    if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < 1))
      errors.push(`limits.${key}: must be a positive integer, got ${String(value)}`);
  if (
    next.maxRetries !== undefined &&
    !(Number.isInteger(next.maxRetries) && next.maxRetries >= 0 && next.maxRetries <= 10)
  )
    errors.push(`maxRetries: must be an integer 0-10, got ${String(next.maxRetries)}`);
  if (
    next.drainTimeoutMs !== undefined &&
    !(Number.isSafeInteger(next.drainTimeoutMs) && next.drainTimeoutMs >= 0)
  )
    errors.push(`drainTimeoutMs: must be an integer ≥ 0, got ${String(next.drainTimeoutMs)}`);
  return errors.length > 0 ? refuse(400, errors) : null;
}

function refuse(status: 400 | 409 | 423, errors: string[]): SnapshotRefusal {
  return { ok: false, status, errors };
}
