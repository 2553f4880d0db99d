export {
  CircuitRuntime,
  type CircuitRuntimeOptions,
  type NodeStatus,
  type RuntimeNode,
} from "./circuit-runtime.js";
export { createNodeAdapter, type NodeAdapter, type NodeProtocol } from "./node-adapter.js";
