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
export { HttpMock, type HttpMockOptions } from "./http/http-mock.js";
