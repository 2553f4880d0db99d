import type { XsdChild } from "./xsd-index.js";

/** The SOAP version a binding (or a request) speaks. */
export type SoapVersion = "1.1" | "1.2";

/** What a response Body holds: one element with one child per part (or declared element). */
export interface WsdlOutput {
  /** `{operation}Response` (rpc), or the output part's element (document). */
  readonly element: string;
  readonly namespace: string;
  readonly children: readonly XsdChild[];
  /** The children are in `namespace` too (document style, `elementFormDefault="qualified"`). */
  readonly qualified: boolean;
}

/** One operation of the chosen binding. */
export interface WsdlOperation {
  readonly name: string;
  /** The binding's `soapAction`, or null when empty or absent. */
  readonly soapAction: string | null;
  readonly style: "rpc" | "document";
  /** Local name of the element a request Body starts with (rpc: the operation's name). */
  readonly inputElement: string | null;
  /** The response; null for a one-way operation. */
  readonly output: WsdlOutput | null;
}

/** A WSDL read for mocking: the first SOAP port of the first service, and its operations. */
export interface WsdlService {
  readonly targetNamespace: string;
  /** Names of the service and port chosen ("" when the WSDL declares no service). */
  readonly service: string;
  readonly port: string;
  readonly soapVersion: SoapVersion;
  readonly operations: readonly WsdlOperation[];
}
