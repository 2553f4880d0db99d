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
export { ContractDocument, isRef, type ResolvedRef } from "./contract-document.js";
export {
  listOperations,
  type MediaSpec,
  type Operation,
  type OperationParam,
  type ParamLocation,
  type ResponseSpec,
  type SchemaAt,
} from "./operations.js";
export { SchemaValidators, type Validate, type Violation } from "./schema-validator.js";
