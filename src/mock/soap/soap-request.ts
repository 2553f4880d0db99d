import { ENVELOPE_NS } from "./soap-envelope.js";
import type { SoapVersion } from "./wsdl-types.js";
import { XmlScanError, childrenNamed, namespaceOf, scanXml } from "./xml-scan.js";

/** The first element inside the Body, or why there is none. */
export type BodyElement =
  | { readonly ok: true; readonly local: string; readonly namespace: string | null }
  | { readonly ok: false; readonly problem: string };

/**
 * The SOAP version of a request: by its media type (1.2 `application/soap+xml`, 1.1
 * `text/xml`), else by the envelope namespace in its body, else `fallback`.
 */
export function requestVersion(
  contentType: string | undefined,
  body: string,
  fallback: SoapVersion,
): SoapVersion {
  const type = contentType?.split(";", 1)[0]?.trim().toLowerCase();
  if (type === "application/soap+xml") return "1.2";
  if (type === "text/xml") return "1.1";
  if (body.includes(ENVELOPE_NS["1.2"])) return "1.2";
  if (body.includes(ENVELOPE_NS["1.1"])) return "1.1";
  return fallback;
}

/** The first element inside `soap:Body` of a request envelope (prefixes ignored). */
export function firstBodyElement(body: string): BodyElement {
  let root;
  try {
    root = scanXml(body);
  } catch (error) {
    if (!(error instanceof XmlScanError)) throw error;
    return { ok: false, problem: `the request is not well-formed XML: ${error.message}` };
  }
  if (root.local !== "Envelope")
    return { ok: false, problem: `the request is <${root.name}>, not a SOAP Envelope` };
  const first = childrenNamed(root, "Body")[0]?.children[0];
  if (first === undefined) return { ok: false, problem: "the request's SOAP Body is empty" };
  return { ok: true, local: first.local, namespace: namespaceOf(first) };
}

/** What the fault header (or `__fault` query) asks for: who is blamed and why. */
export interface FaultRequest {
  readonly kind: "client" | "server";
  readonly reason: string;
}

/** Longest fault text echoed from a request, characters. */
const MAX_FAULT_TEXT = 256;

/**
 * Reads `x-baton-mock-fault: Client|Server|<text>` (`Sender`/`Receiver` too, any case): a
 * code word picks who is blamed; other text is a Server fault with that text as its reason.
 */
export function faultRequest(
  value: string | null | undefined,
  source: string,
): FaultRequest | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  const word = text.toLowerCase();
  if (word === "client" || word === "sender")
    return { kind: "client", reason: `fault requested by ${source}` };
  if (word === "server" || word === "receiver" || text === "")
    return { kind: "server", reason: `fault requested by ${source}` };
  return { kind: "server", reason: text.slice(0, MAX_FAULT_TEXT) };
}
