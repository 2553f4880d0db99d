export {
  collapseChanges,
  planCollapse,
  type CollapseChanges,
  type CollapseLevel,
  type CollapsePlan,
  type MockBackend,
  type NodeBackend,
  type PlanNode,
} from "./collapse-plan.js";
export { genericMock } from "./http/generic-mock.js";
export { HttpMock, type HttpMockOptions } from "./http/http-mock.js";
export type { ExampleRule } from "./http/example-rules.js";
export { SoapMock, type SoapMockOptions } from "./soap/index.js";
export { TcpMock, type TcpMockOptions, type TcpScript } from "./tcp/index.js";
export { GrpcMock, type GrpcMockOptions } from "./grpc/index.js";
export { ProtobufMock, type ProtobufMockOptions } from "./protobuf/index.js";
export { startNodeMock, type RunningMock, type StartMockOptions } from "./node-mock.js";
