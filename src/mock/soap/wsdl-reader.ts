import { BatonError } from "../../common/index.js";
import { readWsdlFile } from "./wsdl-file.js";
import { readOperation } from "./wsdl-operation.js";
import type { SoapVersion, WsdlOperation, WsdlService } from "./wsdl-types.js";
import { XsdIndex } from "./xsd-index.js";
import {
  XmlScanError,
  attr,
  childrenNamed,
  localPart,
  namespaceOf,
  positionOf,
  scanXml,
  type XmlElement,
} from "./xml-scan.js";

// Reads a WSDL 1.1 file as far as a mock needs: which operations exist, how a request names
// them, and what a response holds. QNames are matched by local name (prefixes ignored), so
// limits follow: `wsdl:import` and `xsd:import` are not followed; a name declared twice in
// different namespaces resolves to the first; a document-style output uses its first part only;
// only the first SOAP port is read; text content (documentation) is not read. See xml-scan.ts
// for the limits of the scanner.

const BINDING_NS: Readonly<Record<string, SoapVersion>> = {
  "http://schemas.xmlsoap.org/wsdl/soap/": "1.1",
  "http://schemas.xmlsoap.org/wsdl/soap12/": "1.2",
};

/** Reads and parses the WSDL 1.1 `file`; BatonError naming the file (and line) on any problem. */
export function readWsdl(file: string): WsdlService {
  return parseWsdl(readWsdlFile(file), file);
}

/** Parses WSDL 1.1 `text` (read from `file`, named in errors). */
export function parseWsdl(text: string, file: string): WsdlService {
  const location = (offset: number) => ({ file, ...positionOf(text, offset) });
  const invalid = (problem: string, el: XmlElement, hint?: string): never => {
    throw new BatonError("E_CONTRACT_INVALID", `WSDL ${file}: ${problem}`, {
      hint,
      location: location(el.offset),
    });
  };
  let root: XmlElement;
  try {
    root = scanXml(text);
  } catch (error) {
    if (!(error instanceof XmlScanError)) throw error;
    throw new BatonError(
      "E_CONTRACT_PARSE",
      `WSDL ${file} is not well-formed XML: ${error.message}`,
      { hint: "fix the markup at that position", location: location(error.offset) },
    );
  }
  if (root.local !== "definitions")
    invalid(
      root.local === "description"
        ? "is WSDL 2.0 (<description>); only WSDL 1.1 is read"
        : `is not a WSDL 1.1 document: its root is <${root.name}>, not <definitions>`,
      root,
    );
  const tns = attr(root, "targetNamespace") ?? "";
  if (tns === "") invalid("<definitions> has no targetNamespace", root);
  const named = (local: string) => {
    const map = new Map<string, XmlElement>();
    for (const el of childrenNamed(root, local)) {
      const name = attr(el, "name");
      if (name !== undefined && !map.has(name)) map.set(name, el);
    }
    return map;
  };
  const bindings = named("binding");
  const importNote =
    childrenNamed(root, "import").length > 0 ? " (wsdl:import is not followed)" : "";

  // The first SOAP port of the first service; without a service, the first SOAP binding.
  const candidates: { service: string; port: string; binding: XmlElement | undefined }[] = [];
  for (const service of childrenNamed(root, "service"))
    for (const port of childrenNamed(service, "port"))
      candidates.push({
        service: attr(service, "name") ?? "",
        port: attr(port, "name") ?? "",
        binding: bindings.get(localPart(attr(port, "binding") ?? "")),
      });
  for (const binding of bindings.values()) candidates.push({ service: "", port: "", binding });
  const chosen = candidates.find((c) => c.binding !== undefined && soapVersionOf(c.binding));
  if (chosen === undefined)
    return invalid(`declares no SOAP 1.1 or 1.2 binding${importNote}`, root, "add a soap:binding");
  const binding = chosen.binding as XmlElement;
  const bindingName = attr(binding, "name") ?? "";
  const portTypeName = localPart(attr(binding, "type") ?? "");
  const portType = named("portType").get(portTypeName);
  if (portType === undefined)
    return invalid(
      `binding '${bindingName}' names portType '${portTypeName}', which is not declared${importNote}`,
      binding,
    );
  const ctx = {
    tns,
    bindingName,
    bindingStyle: attr(childrenNamed(binding, "binding")[0] ?? binding, "style") ?? "document",
    portType,
    messages: named("message"),
    xsd: new XsdIndex(childrenNamed(root, "types")[0]),
    importNote,
    invalid,
  };
  const operations: WsdlOperation[] = [];
  for (const op of childrenNamed(binding, "operation")) {
    const read = readOperation(op, ctx);
    if (operations.some((o) => o.name === read.name))
      invalid(`operation '${read.name}' appears twice in '${bindingName}' (overloading)`, op);
    operations.push(read);
  }
  if (operations.length === 0) invalid(`binding '${bindingName}' declares no operation`, binding);
  return {
    targetNamespace: tns,
    service: chosen.service,
    port: chosen.port,
    soapVersion: soapVersionOf(binding) as SoapVersion,
    operations,
  };
}

/** The SOAP version of a binding (by its `soap:binding` child's namespace), or null (HTTP, MIME…). */
function soapVersionOf(binding: XmlElement): SoapVersion | null {
  for (const child of childrenNamed(binding, "binding")) {
    const ns = namespaceOf(child);
    const version = ns === null ? undefined : BINDING_NS[ns];
    if (version !== undefined) return version;
    // An undeclared prefix is read by its conventional name.
    if (ns === null && child.prefix === "soap12") return "1.2";
    if (ns === null && child.prefix === "soap") return "1.1";
  }
  return null;
}
