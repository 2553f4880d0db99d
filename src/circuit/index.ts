export { describeCircuit, type CircuitSummary } from "./describe-circuit.js";
export { AUTO_PORT_MAX, AUTO_PORT_MIN, DEFAULT_HEALTH_PATH, DEFAULT_HOST } from "./defaults.js";
export { chooseFreePort, probePort, type PortProbe } from "./free-port.js";
export { findCycles, type GraphEdge } from "./graph.js";
export { initProject, initialConfig, STATE_DIR } from "./init-circuit.js";
export {
  checkCircuitText,
  configPath,
  CONFIG_FILE,
  invalidError,
  loadCircuit,
  readCircuitText,
  requireValid,
  type CircuitCheck,
  type CircuitFile,
} from "./load-circuit.js";
export { migrationEdits } from "./migrate.js";
export { checkNodeName, checkPort, toDnsLabel } from "./rules.js";
export { planChange, saveChange } from "./save-change.js";
export { custodianSchema } from "./schema-sections.js";
export {
  circuitSchema,
  LATEST_SCHEMA_VERSION,
  SCHEMA_VERSIONS,
  type CircuitConfig,
} from "./schema.js";
export {
  PROXY_MODES,
  ROLES,
  routingSchema,
  type EdgeConfig,
  type EdgePolicy,
  type NodeConfig,
  type ProxyMode,
  type Role,
  type RoutingConfig,
} from "./schema-topology.js";
export {
  addEdge,
  addNode,
  removeEdge,
  removeNode,
  setContract,
  type NewNode,
  type TopologyChange,
} from "./topology-edits.js";
export { writeFileAtomic } from "./write-atomic.js";
export { applyYamlEdits, type YamlEdit } from "./yaml-edit.js";
export { inspectContract, type ContractKind, type ContractSummary } from "../contract/index.js";
