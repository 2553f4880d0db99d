export {
  TCP_CLOSE_TIMEOUT_MS,
  TCP_CONNECT_TIMEOUT_MS,
  TCP_IDLE_TIMEOUT_MS,
} from "./tcp-defaults.js";
export type {
  PipeCloseReason,
  PipeDirection,
  PipeObserver,
  PipeSide,
  PipeSummary,
  PipeTarget,
} from "./pipe-observer.js";
export {
  dialTarget,
  pipeTcp,
  rawRelay,
  type ConnectFn,
  type Relay,
  type RelayHost,
  type TcpPipe,
  type TcpPipeOptions,
} from "./tcp-pipe.js";
export {
  createTcpAdapter,
  type TcpAdapter,
  type TcpAdapterObserver,
  type TcpAdapterOptions,
} from "./tcp-listener.js";
