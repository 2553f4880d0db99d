export {
  FAULT_HEADER,
  MAX_SOAP_REQUEST_BYTES,
  SoapMock,
  type SoapMockOptions,
} from "./soap-mock.js";
export { readWsdl, parseWsdl } from "./wsdl-reader.js";
export { MAX_WSDL_BYTES } from "./wsdl-file.js";
export type { SoapVersion, WsdlOperation, WsdlOutput, WsdlService } from "./wsdl-types.js";
export type { XsdChild } from "./xsd-index.js";
