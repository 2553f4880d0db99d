import { findSoapFault, type SoapFault } from "./soap-fault.js";

/** How much of a SOAP response body is scanned for a Fault: 64 KiB (a Fault sits at the top). */
export const FAULT_SCAN_BYTES = 64 * 1024;

/** True for the media types SOAP envelopes travel in (1.1: text/xml, 1.2: application/soap+xml). */
export function isSoapMediaType(contentType: string | string[] | undefined): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  if (value === undefined) return false;
  const type = value.split(";", 1)[0]?.trim().toLowerCase() ?? "";
  return type === "text/xml" || type === "application/soap+xml" || type === "application/xml";
}

/**
 * Looks for a SOAP Fault in a response body while it streams through: the first
 * `FAULT_SCAN_BYTES` are kept as latin1 text (the markup is ASCII) and searched when the
 * response ends; nothing past the cap is held, and the body itself is never delayed.
 */
export class FaultScanner {
  #text = "";

  push(chunk: Buffer): void {
    const room = FAULT_SCAN_BYTES - this.#text.length;
    if (room > 0) this.#text += chunk.toString("latin1", 0, Math.min(room, chunk.length));
  }

  /** The Fault in what was seen, or null. */
  result(): SoapFault | null {
    return findSoapFault(this.#text);
  }
}
