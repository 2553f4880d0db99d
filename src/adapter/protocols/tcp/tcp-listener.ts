import { createServer, type Server } from "node:net";
import type { Clock } from "../../../common/index.js";
import type { PipeObserver, PipeTarget } from "./pipe-observer.js";
import { TCP_CLOSE_TIMEOUT_MS } from "./tcp-defaults.js";
import {
  pipeTcp,
  type ConnectFn,
  type Relay,
  type TcpPipe,
  type TcpPipeOptions,
} from "./tcp-pipe.js";

/** Adapter-level hooks: the pipe hooks plus connections turned away for want of a target. */
export interface TcpAdapterObserver extends PipeObserver {
  /** `resolveTarget` gave no target (no backend, draining): the client was closed at once. */
  onRejected?(): void;
}

/** Options of a TCP adapter. */
export interface TcpAdapterOptions {
  /** Address to listen on (tests: 127.0.0.1). */
  host: string;
  /** Port to listen on; 0 lets the OS choose. */
  port: number;
  /** Target for a new connection, read per accept from the current snapshot; null turns it away. */
  resolveTarget: () => PipeTarget | null;
  /** Counter hooks. */
  observer?: TcpAdapterObserver;
  /** Per-pipe connect timeout, ms (default `TCP_CONNECT_TIMEOUT_MS`). */
  connectTimeoutMs?: number;
  /** Per-pipe idle timeout, ms; 0 disables (default `TCP_IDLE_TIMEOUT_MS`). */
  idleTimeoutMs?: number;
  /** How long `close()` waits for open pipes before cutting them, ms (default `TCP_CLOSE_TIMEOUT_MS`). */
  closeTimeoutMs?: number;
  /** Clock for pipe durations. */
  clock?: Clock;
  /** Dialer for targets. */
  connect?: ConnectFn;
  /** Relay strategy for each direction (default raw bytes; the protobuf adapter brings frames). */
  relay?: Relay;
}

/** A listening TCP adapter. */
export interface TcpAdapter {
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<{ port: number }>;
  /** Stops accepting, waits for open pipes up to `closeTimeoutMs`, cuts the rest, then resolves. */
  close(): Promise<void>;
  /** Pipes currently open. */
  readonly activeConnections: number;
}

/** Creates a TCP adapter that pipes every accepted connection to `resolveTarget()`. */
export function createTcpAdapter(options: TcpAdapterOptions): TcpAdapter {
  const pipes = new Set<TcpPipe>();
  let idle: (() => void) | null = null;
  const pipeOptions: TcpPipeOptions = {
    connectTimeoutMs: options.connectTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    observer: options.observer,
    clock: options.clock,
    connect: options.connect,
    relay: options.relay,
    onDone: (pipe) => {
      pipes.delete(pipe);
      if (pipes.size === 0) idle?.();
    },
  };
  // allowHalfOpen: a client's FIN must end only its own direction (the pipe forwards it).
  const server: Server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const target = options.resolveTarget();
    if (target === null) {
      options.observer?.onRejected?.();
      client.on("error", ignore);
      client.destroy();
      return;
    }
    pipes.add(pipeTcp(client, target, pipeOptions));
  });
  let state: "new" | "listening" | "closed" = "new";

  return {
    get activeConnections() {
      return pipes.size;
    },
    listen() {
      if (state !== "new") throw new TypeError("a TCP adapter listens once");
      state = "listening";
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host, () => {
          server.off("error", reject);
          const address = server.address();
          resolve({ port: typeof address === "object" && address !== null ? address.port : 0 });
        });
      });
    },
    async close() {
      if (state === "closed") return;
      const wasListening = state === "listening";
      state = "closed";
      const serverClosed = new Promise<void>((resolve) => {
        if (wasListening) server.close(() => resolve());
        else resolve();
      });
      if (pipes.size > 0) {
        const drained = new Promise<void>((resolve) => (idle = resolve));
        // At the deadline, cut what is left; `drained` still waits for those sockets to close.
        const deadline = setTimeout(() => {
          for (const pipe of pipes) pipe.destroy();
        }, options.closeTimeoutMs ?? TCP_CLOSE_TIMEOUT_MS);
        await drained;
        clearTimeout(deadline);
      }
      await serverClosed;
    },
  };
}

function ignore(): void {}
