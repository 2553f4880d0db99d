export {
  HttpAdapter,
  type HttpAdapterObserver,
  type HttpAdapterOptions,
} from "./http/http-adapter.js";
export type { HttpRequestRecord } from "./http/http-request.js";
export {
  checkSnapshot,
  type ApplyResult,
  type DrainReport,
  type HttpLimits,
  type RoutingSnapshot,
  type SnapshotRefusal,
} from "./snapshot.js";
export type { HttpHandler, TargetSpec } from "./target.js";
export type { H1Request } from "./http/h1/h1-connection.js";
export type { H1Response, ResponseHeaders } from "./http/h1/h1-response.js";
export {
  compileRoute,
  validateRouteSpec,
  type RouteRequest,
  type RouteSpec,
  type Router,
} from "./routing/index.js";
export {
  createTcpAdapter,
  type TcpAdapter,
  type TcpAdapterObserver,
  type TcpAdapterOptions,
} from "./protocols/tcp/index.js";
export {
  createProtobufAdapter,
  FrameDecoder,
  encodeFrame,
  type ProtobufAdapterOptions,
} from "./protocols/protobuf/index.js";
export { FaultScanner, findSoapFault, soapAction, type SoapFault } from "./protocols/soap/index.js";
export {
  checkGrpcHealth,
  checkHttpHealth,
  checkSoapHealth,
  checkTcpHealth,
  type HealthResult,
  type HealthStatus,
} from "./health/index.js";
export type { AdapterStatsSnapshot, Signal } from "./stats/index.js";
export { StreamAdapter, type StreamAdapterOptions } from "./protocols/stream-adapter.js";
export {
  GrpcAdapter,
  GRPC_STATUS,
  parseGrpcTimeout,
  type GrpcAdapterObserver,
  type GrpcAdapterOptions,
  type GrpcRequestRecord,
} from "./protocols/grpc/index.js";
