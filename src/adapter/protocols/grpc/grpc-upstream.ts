import { connect, type ClientHttp2Session } from "node:http2";
import { InFlightCount } from "../../in-flight-count.js";
import { GRPC_CONNECT_TIMEOUT_MS } from "./grpc-defaults.js";

/** A network target as the gRPC adapter dials it. */
export interface GrpcTargetAddress {
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

/** An error the upstream made itself (`code` is `BATON_…`). */
class UpstreamError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A live target: one cleartext HTTP/2 session that multiplexes every call to it (redialled
 * when it closes, errs or is told to go away), and the calls in flight on it, so a drain knows
 * when the last one finished. Shared by every snapshot naming the same target at the same
 * address, so a swap never drops a warm session.
 */
export class GrpcUpstream extends InFlightCount {
  #session: ClientHttp2Session | null = null;
  /** Every session not yet closed, the current one and those told to go away. */
  readonly #open = new Set<ClientHttp2Session>();
  readonly #authority: string;

  constructor(
    readonly spec: GrpcTargetAddress,
    readonly key: string,
    readonly connectTimeoutMs = GRPC_CONNECT_TIMEOUT_MS,
  ) {
    super();
    const host =
      spec.host.includes(":") && !spec.host.startsWith("[") ? `[${spec.host}]` : spec.host;
    this.#authority = `http://${host}:${spec.port}`;
  }

  /** The session to open a stream on, dialled when there is none fit for new streams. */
  session(): ClientHttp2Session {
    const current = this.#session;
    if (current !== null && !current.closed && !current.destroyed) return current;
    const session = connect(this.#authority);
    this.#session = session;
    this.#open.add(session);
    const timer = setTimeout(
      () =>
        session.destroy(
          new UpstreamError(
            "BATON_CONNECT_TIMEOUT",
            `no connection within ${this.connectTimeoutMs} ms`,
          ),
        ),
      this.connectTimeoutMs,
    );
    timer.unref();
    const forget = (): void => {
      if (this.#session === session) this.#session = null;
    };
    session.once("connect", () => clearTimeout(timer));
    // Stream errors carry the cause to each call; the session's own error needs no listener
    // beyond this one (an unheard 'error' would crash the process).
    session.on("error", forget);
    session.once("goaway", forget);
    session.once("close", () => {
      clearTimeout(timer);
      forget();
      this.#open.delete(session);
    });
    return session;
  }

  /** Closes every session: gracefully (open streams finish), or at once (cutting them). */
  async close(force: boolean): Promise<void> {
    this.#session = null;
    await Promise.all(
      [...this.#open].map(
        (session) =>
          new Promise<void>((resolve) => {
            if (session.destroyed) return resolve();
            session.once("close", () => resolve());
            if (force) session.destroy();
            else session.close();
          }),
      ),
    );
  }
}

/** The identity of a target across snapshots: same id, same address. */
export function upstreamKey(spec: GrpcTargetAddress): string {
  return `${spec.id}@${spec.host}:${spec.port}`;
}
