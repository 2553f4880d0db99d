import type { SoapVersion, WsdlOutput } from "./wsdl-types.js";

// The envelopes a SOAP mock answers with, as text. Every value that did not come from a
// checked WSDL name (fault reasons, namespaces, request names) goes through escapeXml.

/** The envelope namespace of each SOAP version. */
export const ENVELOPE_NS: Readonly<Record<SoapVersion, string>> = {
  "1.1": "http://schemas.xmlsoap.org/soap/envelope/",
  "1.2": "http://www.w3.org/2003/05/soap-envelope",
};

/** The media type each SOAP version travels in (SOAP 1.1 §6.1.1, SOAP 1.2 part 2 §7.1.4). */
export const SOAP_CONTENT_TYPE: Readonly<Record<SoapVersion, string>> = {
  "1.1": "text/xml; charset=utf-8",
  "1.2": "application/soap+xml; charset=utf-8",
};

/** Who a Fault blames: the caller (1.1 `Client`, 1.2 `Sender`) or the service. */
export type FaultKind = "client" | "server";

const FAULT_CODE: Readonly<Record<SoapVersion, Record<FaultKind, string>>> = {
  "1.1": { client: "soap:Client", server: "soap:Server" },
  "1.2": { client: "soap:Sender", server: "soap:Receiver" },
};

/** `text` safe as XML character data and as a double-quoted attribute value (all ours are). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&${ESCAPES[c] as string};`);
}
const ESCAPES: Readonly<Record<string, string>> = { "&": "amp", "<": "lt", ">": "gt", '"': "quot" };

/** A whole envelope around `body` (markup already escaped). */
export function envelope(version: SoapVersion, body: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<soap:Envelope xmlns:soap="${ENVELOPE_NS[version]}"><soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

/** The response element of an operation, children holding sample values of their types. */
export function responseElement(output: WsdlOutput): string {
  const open = `tns:${output.element} xmlns:tns="${escapeXml(output.namespace)}"`;
  if (output.children.length === 0) return `<${open}/>`;
  let inner = "";
  for (const child of output.children) {
    const name = output.qualified ? `tns:${child.name}` : child.name;
    inner += `<${name}>${sampleText(child.type)}</${name}>`;
  }
  return `<${open}>${inner}</tns:${output.element}>`;
}

/** A Fault of `version`: 1.1 faultcode/faultstring, 1.2 Code/Value and Reason/Text. */
export function faultElement(version: SoapVersion, kind: FaultKind, reason: string): string {
  const code = FAULT_CODE[version][kind];
  const text = escapeXml(reason);
  return version === "1.1"
    ? `<soap:Fault><faultcode>${code}</faultcode><faultstring>${text}</faultstring></soap:Fault>`
    : `<soap:Fault><soap:Code><soap:Value>${code}</soap:Value></soap:Code>` +
        `<soap:Reason><soap:Text xml:lang="en">${text}</soap:Text></soap:Reason></soap:Fault>`;
}

const SAMPLES: Readonly<Record<string, string>> = {
  boolean: "false",
  dateTime: "2000-01-01T00:00:00Z",
  date: "2000-01-01",
  time: "00:00:00",
  duration: "PT0S",
  anyURI: "urn:example",
  base64Binary: "",
  hexBinary: "",
  positiveInteger: "1",
  negativeInteger: "-1",
};
const NUMBERS = /^(?:int|integer|long|short|byte|decimal|float|double|unsigned\w+|non\w+Integer)$/;

/** A valid sample of an XSD built-in type: "0" for numbers, "string" for text; "" when complex. */
export function sampleText(type: string | null): string {
  if (type === null) return "";
  return SAMPLES[type] ?? (NUMBERS.test(type) ? "0" : "string");
}
