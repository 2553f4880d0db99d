// Finding a SOAP Fault in the first bytes of a body without an XML parser: the health check
// needs only "is there a Fault, and what does it say". Patterns are linear (no nested
// quantifiers), and the body is capped before it gets here.

/** What a Fault says: SOAP 1.1 `faultcode`/`faultstring`, SOAP 1.2 `Code/Value`/`Reason/Text`. */
export interface SoapFault {
  readonly code: string;
  readonly message: string;
}

const FAULT = /<(?:[A-Za-z_][\w.-]*:)?Fault\b/i;
const FAULT_CODE_11 = /<(?:[\w.-]+:)?faultcode\b[^>]*>([^<]*)</i;
const FAULT_STRING_11 = /<(?:[\w.-]+:)?faultstring\b[^>]*>([^<]*)</i;
const FAULT_CODE_12 = /<(?:[\w.-]+:)?Code\b[^>]*>\s*<(?:[\w.-]+:)?Value\b[^>]*>([^<]*)</i;
const FAULT_REASON_12 = /<(?:[\w.-]+:)?Reason\b[^>]*>\s*<(?:[\w.-]+:)?Text\b[^>]*>([^<]*)</i;
/** Longest fault text kept in a health reason, characters. */
const MAX_FAULT_TEXT = 200;

/** The Fault in `body`, if one is there (code and message may be empty when not found). */
export function findSoapFault(body: string): SoapFault | null {
  const at = body.search(FAULT);
  if (at < 0) return null;
  const rest = body.slice(at);
  const code = FAULT_CODE_11.exec(rest)?.[1] ?? FAULT_CODE_12.exec(rest)?.[1] ?? "";
  const message = FAULT_STRING_11.exec(rest)?.[1] ?? FAULT_REASON_12.exec(rest)?.[1] ?? "";
  return { code: clean(code), message: clean(message) };
}

/** Entity-decoded, whitespace-collapsed, shortened text. */
function clean(text: string): string {
  const plain = text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > MAX_FAULT_TEXT ? `${plain.slice(0, MAX_FAULT_TEXT)}…` : plain;
}
