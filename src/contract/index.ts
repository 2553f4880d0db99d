export { classifyContract, type ContractKind } from "./contract-kind.js";
export { inspectContract, type ContractSummary } from "./inspect-contract.js";
export { parsePointer, resolvePointer } from "./json-pointer.js";
export {
  formatYamlPath,
  locate,
  parseYamlSource,
  positionOf,
  type LineColumn,
  type YamlPath,
  type YamlSource,
} from "./yaml-source.js";
