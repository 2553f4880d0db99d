import { connect as netConnect, type Socket } from "node:net";
import { systemClock, type Clock } from "../../../common/index.js";
import type {
  PipeCloseReason,
  PipeDirection,
  PipeObserver,
  PipeSide,
  PipeTarget,
} from "./pipe-observer.js";
import { TCP_CONNECT_TIMEOUT_MS, TCP_IDLE_TIMEOUT_MS } from "./tcp-defaults.js";

/** Dials a target; the default is `net.connect` with half-open allowed and Nagle off. */
export type ConnectFn = (target: PipeTarget) => Socket;

/** What a relay may ask of the pipe that owns it. */
export interface RelayHost {
  /** Counts `bytes` read in `direction` and tells the observer. */
  countBytes(direction: PipeDirection, bytes: number): void;
  /** Stops both directions and ends both sockets after flushing what was already written. */
  closeBoth(reason: PipeCloseReason): void;
  /** True once the pipe is shutting down: relays must not resume their source. */
  readonly closing: boolean;
}

/** Moves one direction's bytes from `src` to `dst`; the pipe owns errors, timeouts and close. */
export type Relay = (src: Socket, dst: Socket, direction: PipeDirection, host: RelayHost) => void;

/** Options of one pipe; every field has a default. */
export interface TcpPipeOptions {
  /** Time allowed to reach the target, ms (default `TCP_CONNECT_TIMEOUT_MS`). */
  connectTimeoutMs?: number;
  /** Close after this long without bytes either way, ms; 0 disables (default `TCP_IDLE_TIMEOUT_MS`). */
  idleTimeoutMs?: number;
  /** Hooks for counters; none are required. */
  observer?: PipeObserver;
  /** Source of `durationMs` (default the system clock). */
  clock?: Clock;
  /** How to dial the target (tests inject a socket that never connects). */
  connect?: ConnectFn;
  /** How bytes move in each direction (default `rawRelay`; the protobuf pipe brings a framed one). */
  relay?: Relay;
  /** Called once when both sockets are closed, after `observer.onClosed`. */
  onDone?: (pipe: TcpPipe) => void;
}

/** A running pipe between an accepted client socket and its target. */
export interface TcpPipe {
  /** Cuts both sockets now; `onClosed` follows with reason `destroyed` unless already ending. */
  destroy(): void;
}

const NO_OBSERVER: PipeObserver = {};

/** Half-open dial with Nagle off: a proxy must not add latency to small writes (Envoy does the same). */
export const dialTarget: ConnectFn = (target) =>
  netConnect({ host: target.host, port: target.port, allowHalfOpen: true, noDelay: true });

/**
 * Plain byte relay with back-pressure: pause the source when the destination's buffer is full,
 * resume on `drain`. The source's end becomes the destination's end (half-close propagates).
 */
export const rawRelay: Relay = (src, dst, direction, host) => {
  src.on("data", (chunk: Buffer) => {
    host.countBytes(direction, chunk.length);
    if (!dst.write(chunk)) src.pause();
  });
  dst.on("drain", () => {
    if (!host.closing) src.resume();
  });
  src.on("end", () => dst.end());
};

/**
 * Connects to `target` and pipes bytes both ways between it and `client` (accepted with
 * `allowHalfOpen: true`) until both directions have ended, a side fails, or a timeout fires.
 */
export function pipeTcp(client: Socket, target: PipeTarget, options: TcpPipeOptions = {}): TcpPipe {
  return new PipeSession(client, target, options);
}

class PipeSession implements TcpPipe, RelayHost {
  private readonly upstream: Socket;
  private readonly observer: PipeObserver;
  private readonly clock: Clock;
  private readonly startedMs: number;
  private connectTimer: NodeJS.Timeout | undefined;
  private reason: PipeCloseReason | null = null;
  private connected = false;
  private openSockets = 2;
  private bytesIn = 0;
  private bytesOut = 0;

  constructor(
    private readonly client: Socket,
    private readonly target: PipeTarget,
    private readonly options: TcpPipeOptions,
  ) {
    this.observer = options.observer ?? NO_OBSERVER;
    this.clock = options.clock ?? systemClock;
    this.startedMs = this.clock.monoMs();
    client.on("error", (err) => this.fail("client", err));
    client.on("close", () => this.socketClosed(client, this.upstream));
    // The client stays paused (no 'data' listener) until the target answers: no userland buffering.
    this.upstream = (options.connect ?? dialTarget)(target);
    this.upstream.on("error", (err) => this.targetError(err));
    this.upstream.on("close", () => this.socketClosed(this.upstream, client));
    this.upstream.once("connect", () => this.connectedToTarget());
    const connectMs = options.connectTimeoutMs ?? TCP_CONNECT_TIMEOUT_MS;
    this.connectTimer = setTimeout(() => this.connectTimedOut(connectMs), connectMs);
  }

  countBytes(direction: PipeDirection, bytes: number): void {
    if (direction === "in") this.bytesIn += bytes;
    else this.bytesOut += bytes;
    this.observer.onBytes?.(direction, bytes);
  }

  get closing(): boolean {
    return this.reason !== null;
  }

  closeBoth(reason: PipeCloseReason): void {
    if (this.reason !== null) return;
    this.reason = reason;
    endThenDestroy(this.client);
    endThenDestroy(this.upstream);
  }

  destroy(): void {
    this.cut("destroyed");
  }

  /** Destroys both sockets at once (local decision: timeout, shutdown deadline). */
  private cut(reason: PipeCloseReason): void {
    this.reason ??= reason;
    this.client.destroy();
    this.upstream.destroy();
  }

  private connectedToTarget(): void {
    clearTimeout(this.connectTimer);
    if (this.reason !== null) return;
    this.connected = true;
    const idleMs = this.options.idleTimeoutMs ?? TCP_IDLE_TIMEOUT_MS;
    // The client socket sees every byte of both directions (reads in, writes out): one timer covers both.
    if (idleMs > 0) this.client.setTimeout(idleMs, () => this.cut("idle-timeout"));
    const relay = this.options.relay ?? rawRelay;
    relay(this.client, this.upstream, "in", this);
    relay(this.upstream, this.client, "out", this);
  }

  private connectTimedOut(ms: number): void {
    if (this.reason !== null || this.connected) return;
    this.reason = "connect-failed";
    this.observer.onConnectFailed?.(this.target, `connect timeout after ${ms} ms`);
    this.cut("connect-failed");
  }

  private targetError(err: Error): void {
    if (this.connected || this.reason !== null) {
      this.fail("target", err);
      return;
    }
    clearTimeout(this.connectTimer);
    this.reason = "connect-failed";
    this.observer.onConnectFailed?.(this.target, `connect ${errorCode(err)}`);
    this.client.destroy();
  }

  /** A side failed: tell the observer once, and reset the other side so it sees an abort, not an EOF. */
  private fail(side: PipeSide, err: Error): void {
    if (this.reason !== null) return;
    this.reason = "reset";
    this.observer.onReset?.(side, errorCode(err));
    resetSocket(this.client);
    resetSocket(this.upstream);
  }

  private socketClosed(socket: Socket, other: Socket): void {
    // A clean close means both halves finished, so the other side is finishing on its own
    // (maybe still flushing). An unexplained early close takes the other side with it; when a
    // reason is set, both sides are already being closed.
    if (this.reason === null && !(socket.readableEnded && socket.writableFinished)) {
      this.reason = "destroyed";
      other.destroy();
    }
    if (--this.openSockets > 0) return;
    clearTimeout(this.connectTimer);
    this.observer.onClosed?.({
      reason: this.reason ?? "eof",
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      durationMs: this.clock.monoMs() - this.startedMs,
    });
    this.options.onDone?.(this);
  }
}

/** Stops reading, flushes pending writes with a FIN, then releases the socket. */
function endThenDestroy(socket: Socket): void {
  if (socket.destroyed) return;
  socket.pause();
  socket.end(() => socket.destroy());
}

/** RST for a connected socket (the peer learns the stream was cut); a plain destroy otherwise. */
function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.pending) socket.destroy();
  else socket.resetAndDestroy();
}

/** `ECONNRESET`-style code when there is one, else the message. */
function errorCode(err: Error): string {
  return (err as NodeJS.ErrnoException).code ?? err.message;
}
