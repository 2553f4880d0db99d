export {
  CircuitRuntime,
  type CircuitRuntimeOptions,
  type LiveService,
  type NodeStatus,
  type RuntimeNode,
  type SlotRequest,
} from "./circuit-runtime.js";
export { createNodeAdapter, type NodeAdapter, type NodeProtocol } from "./node-adapter.js";
export {
  planApply,
  planIsEmpty,
  planLines,
  runtimeNodesOf,
  type ApplyPlan,
  type NodeChange,
} from "./apply-plan.js";
