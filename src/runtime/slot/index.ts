export {
  formatReport,
  validateService,
  type ServiceCheck,
  type ValidateServiceOptions,
  type ValidationReport,
} from "./validate-service.js";
