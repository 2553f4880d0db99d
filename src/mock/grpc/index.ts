export { GrpcMock, type GrpcMockOptions } from "./grpc-mock.js";
export { CLOSE_GRACE_MS, SERVED_BY_KEY, STREAM_RESPONSES } from "./grpc-mock-defaults.js";
export { HEALTH_SERVICE } from "./health-service.js";
