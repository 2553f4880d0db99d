import { H1Pool } from "./h1/h1-pool.js";
import {
  CONNECT_TIMEOUT_MS,
  UPSTREAM_CONNECTIONS,
  UPSTREAM_KEEP_ALIVE_MS,
} from "./http-defaults.js";
import { InFlightCount } from "../in-flight-count.js";
import type { HttpHandler, TargetSpec } from "../target.js";

/**
 * A live target: its connection pool (network) or handler, and the requests in flight on it,
 * so a drain knows when the last one finished. Shared by every snapshot that names the same
 * target at the same address, so applying a snapshot never drops warm connections.
 */
export class Upstream extends InFlightCount {
  readonly pool: H1Pool | null;
  readonly handler: HttpHandler | null;

  constructor(
    readonly spec: TargetSpec,
    readonly key: string,
  ) {
    super();
    if (spec.kind === "network") {
      // Deadlines are the adapter's (one sweeper), not a timer per request.
      this.pool = new H1Pool(spec.host, spec.port, {
        connections: UPSTREAM_CONNECTIONS,
        keepAliveMs: UPSTREAM_KEEP_ALIVE_MS,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
      });
      this.handler = null;
    } else {
      this.pool = null;
      this.handler = spec.handler;
    }
  }

  /** Closes the pool: gracefully, or at once (cutting what is still in flight). */
  async close(force: boolean): Promise<void> {
    if (this.pool === null) return;
    await this.pool.close(force);
  }
}

const handlerIds = new WeakMap<HttpHandler, number>();
let handlerCount = 0;

/** The identity of a target across snapshots: same id, same address (or same handler). */
export function upstreamKey(spec: TargetSpec): string {
  if (spec.kind === "network") return `${spec.id}@${spec.host}:${spec.port}`;
  let n = handlerIds.get(spec.handler);
  if (n === undefined) handlerIds.set(spec.handler, (n = ++handlerCount));
  return `${spec.id}@handler#${n}`;
}
