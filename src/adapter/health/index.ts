export {
  GRPC_HEALTH_RESPONSE_BYTES,
  HEALTH_PATH,
  HEALTH_PATH_PATTERN,
  HEALTH_TIMEOUT_MS,
  HTTP_HEALTH_BODY_BYTES,
  SOAP_HEALTH_BODY_BYTES,
} from "./health-defaults.js";
export type {
  HealthCheck,
  HealthCheckOptions,
  HealthResult,
  HealthStatus,
  HealthTarget,
} from "./health-result.js";
export { checkTcpHealth } from "./tcp-health.js";
export { checkHttpHealth, type HttpHealthOptions } from "./http-health.js";
export { checkSoapHealth } from "./soap-health.js";
export { findSoapFault, type SoapFault } from "../protocols/soap/index.js";
export { checkGrpcHealth, type GrpcHealthOptions } from "./grpc-health.js";
export {
  decodeHealthCheckResponse,
  encodeHealthCheckRequest,
  GRPC_HEALTH_CHECK_PATH,
  SERVING_STATUS,
} from "./grpc-health-codec.js";
