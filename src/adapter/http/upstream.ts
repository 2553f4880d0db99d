import { Pool } from "undici";
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
  readonly pool: Pool | null;
  readonly handler: HttpHandler | null;

  constructor(
    readonly spec: TargetSpec,
    readonly key: string,
  ) {
    super();
    if (spec.kind === "network") {
      this.pool = new Pool(`http://${formatHost(spec.host)}:${spec.port}`, {
        connections: UPSTREAM_CONNECTIONS,
        keepAliveTimeout: UPSTREAM_KEEP_ALIVE_MS,
        connect: { timeout: CONNECT_TIMEOUT_MS },
        // Deadlines are the adapter's (one sweeper), not a timer per request in undici.
        headersTimeout: 0,
        bodyTimeout: 0,
        pipelining: 1,
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
    if (force) await this.pool.destroy();
    else await this.pool.close();
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

/** `host` for a URL: IPv6 literals in brackets. */
function formatHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
