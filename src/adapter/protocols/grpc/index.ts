export {
  GRPC_CONNECT_TIMEOUT_MS,
  GRPC_DRAIN_TIMEOUT_MS,
  GRPC_MAX_MESSAGE_CHARS,
  GRPC_REQUEST_TIMEOUT_MS,
} from "./grpc-defaults.js";
export { GRPC_STATUS, encodeGrpcMessage, parseGrpcTimeout } from "./grpc-status.js";
export type { GrpcRequestRecord } from "./grpc-record.js";
export { GrpcAdapter, type GrpcAdapterObserver, type GrpcAdapterOptions } from "./grpc-adapter.js";
