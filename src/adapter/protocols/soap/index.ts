export { FAULT_SCAN_BYTES, FaultScanner, isSoapMediaType } from "./fault-scanner.js";
export { findSoapFault, type SoapFault } from "./soap-fault.js";
export { soapAction } from "./soap-action.js";
