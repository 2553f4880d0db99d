import { createServer, type Server, type Socket } from "node:net";
import { systemClock, systemRandom, type Clock, type Random } from "../../common/index.js";
import { compileRoute, type RouteRequest, type Router } from "../routing/index.js";
import { idleOrTimeout } from "../in-flight-count.js";
import { listenOn } from "../listen-on.js";
import {
  checkSnapshot,
  type ApplyResult,
  type DrainReport,
  type RoutingSnapshot,
} from "../snapshot.js";
import { AdapterStats, type AdapterStatsSnapshot } from "../stats/index.js";
import { OutlierEjector } from "../upstream/index.js";
import { frameRelay, type ProtobufPipeObserver } from "./protobuf/index.js";
import { pipeTcp, rawRelay, type TcpPipe } from "./tcp/index.js";

/** How long a replaced target's open connections may last before they are cut: 30 s. */
const DRAIN_TIMEOUT_MS = 30_000;

/** Options of a TCP or length-prefixed protobuf adapter. */
export interface StreamAdapterOptions {
  readonly node: string;
  readonly protocol: "tcp" | "protobuf";
  readonly host?: string;
  /** 0 lets the OS choose (tests). */
  readonly port: number;
  readonly clock?: Clock;
  readonly random?: Random;
  /** Largest protobuf frame, bytes (default 4 MiB). */
  readonly maxFrameBytes?: number;
}

interface LiveTarget {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly pipes: Set<TcpPipe>;
  idle: (() => void) | null;
}

interface Live {
  readonly snapshot: RoutingSnapshot;
  readonly router: Router | null;
  readonly targets: ReadonlyMap<string, LiveTarget>;
}

/** TCP carries no request line or headers: header rules fall to their default, keys to a draw. */
const NO_REQUEST: RouteRequest = { method: "", path: "", header: () => undefined };

/**
 * The adapter of a `tcp` or `protobuf` node: one connection is one request. Each accepted
 * connection is routed by the snapshot (weighted and canary splits work per connection, unlike
 * the reference, which ignores routing outside HTTP), piped to its target with half-close
 * (protobuf: frame by frame, framing errors counted), and counted per adapter and per target.
 * `apply` swaps the snapshot atomically; connections to a replaced target drain.
 */
export class StreamAdapter {
  readonly #options: StreamAdapterOptions;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #server: Server;
  readonly #stats: AdapterStats;
  readonly #ejector: OutlierEjector;
  readonly #isAvailable: (target: string) => boolean;
  #live: Live | null = null;
  readonly #open = new Set<TcpPipe>();

  constructor(options: StreamAdapterOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? systemRandom;
    this.#stats = new AdapterStats(this.#clock);
    this.#ejector = new OutlierEjector(this.#clock, []);
    this.#isAvailable = (target) => this.#ejector.isAvailable(target);
    this.#server = createServer({ allowHalfOpen: true }, (socket) => this.#accept(socket));
  }

  listen(): Promise<number> {
    return listenOn(this.#server, this.#options.port, this.#options.host ?? "127.0.0.1");
  }

  /** Connections open right now. */
  get activeConnections(): number {
    return this.#open.size;
  }

  stats(): AdapterStatsSnapshot {
    return this.#stats.snapshot();
  }

  /** Validates and swaps in `snapshot` (network targets only); replaced targets drain. */
  apply(snapshot: RoutingSnapshot, options: { unlock?: boolean } = {}): ApplyResult {
    const current = this.#live?.snapshot ?? null;
    const refusal = checkSnapshot(snapshot, current, options.unlock === true);
    if (refusal !== null) return refusal;
    const handlers = snapshot.targets.filter((t) => t.kind !== "network").map((t) => t.id);
    if (handlers.length > 0)
      return {
        ok: false,
        status: 400,
        errors: handlers.map(
          (id) => `targets.${id}: a ${this.#options.protocol} node takes network targets only`,
        ),
      };
    const previous = this.#live;
    const targets = new Map<string, LiveTarget>();
    for (const t of snapshot.targets) {
      if (t.kind !== "network") continue;
      const old = previous?.targets.get(t.id);
      const same = old !== undefined && old.host === t.host && old.port === t.port;
      targets.set(t.id, same ? old : { ...t, pipes: new Set(), idle: null });
    }
    this.#live = {
      snapshot,
      router:
        snapshot.route === null ? null : compileRoute(snapshot.route, { random: this.#random }),
      targets,
    };
    this.#ejector.setTargets([...targets.values()]);
    const kept = new Set(targets.values());
    const replaced = [...(previous?.targets.values() ?? [])].filter((t) => !kept.has(t));
    const timeoutMs = snapshot.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
    return {
      ok: true,
      version: snapshot.version,
      drained: Promise.all(replaced.map((t) => drain(t, timeoutMs, this.#clock))),
    };
  }

  /** Stops accepting; open connections get `timeoutMs` to finish, then are cut. */
  async close(timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    const deadline = this.#clock.monoMs() + timeoutMs;
    while (this.#open.size > 0 && this.#clock.monoMs() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    for (const pipe of this.#open) pipe.destroy();
    await closed;
  }

  #accept(client: Socket): void {
    const live = this.#live;
    const id = live?.router?.pick(NO_REQUEST, this.#isAvailable) ?? null;
    const target = id === null ? undefined : live?.targets.get(id);
    if (target === undefined) {
      this.#stats.total.recordRequest();
      this.#stats.total.recordError("no_backend", `node '${this.#options.node}' has no backend`);
      client.destroy();
      return;
    }
    const admission = this.#ejector.tryAcquire(target.id);
    const counters = [this.#stats.total, this.#stats.target(target.id)];
    for (const c of counters) {
      c.recordRequest();
      c.connectionOpened();
    }
    let failed = false;
    const fail = (kind: "connect" | "reset" | "framing", message: string): void => {
      failed = true;
      for (const c of counters) c.recordError(kind, message);
    };
    // Bytes are counted once per connection, from its summary: no hook on the per-chunk path.
    const observer: ProtobufPipeObserver = {
      onConnectFailed: (_t, reason) => fail("connect", reason),
      onReset: (side, reason) => fail("reset", `${side}: ${reason}`),
      onFramingError: (direction, error) => fail("framing", `${direction}: ${error.kind}`),
      onClosed: (summary) => {
        for (const c of counters) {
          c.connectionClosed();
          c.recordBytes(summary.bytesIn, summary.bytesOut);
        }
        if (failed) this.#ejector.onFailure(target.id, admission);
        else this.#ejector.onSuccess(target.id, admission);
      },
    };
    const relay =
      this.#options.protocol === "protobuf"
        ? frameRelay(observer, this.#options.maxFrameBytes)
        : rawRelay;
    const pipe = pipeTcp(client, target, {
      observer,
      relay,
      clock: this.#clock,
      onDone: (p) => {
        this.#open.delete(p);
        target.pipes.delete(p);
        if (target.pipes.size === 0) target.idle?.();
      },
    });
    this.#open.add(pipe);
    target.pipes.add(pipe);
  }
}

/** Waits for a replaced target's connections to end, cutting them at the deadline. */
async function drain(target: LiveTarget, timeoutMs: number, clock: Clock): Promise<DrainReport> {
  const started = clock.monoMs();
  const inFlight = target.pipes.size;
  if (inFlight === 0) return { target: target.id, inFlight, waitedMs: 0, cut: 0 };
  const idle = new Promise<void>((resolve) => {
    target.idle = resolve;
  });
  const timedOut = await idleOrTimeout(idle, timeoutMs);
  const cut = timedOut ? target.pipes.size : 0;
  for (const pipe of [...target.pipes]) pipe.destroy();
  return { target: target.id, inFlight, waitedMs: clock.monoMs() - started, cut };
}
