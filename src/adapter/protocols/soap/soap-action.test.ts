import { describe, expect, it } from "vitest";
import { FAULT_SCAN_BYTES, FaultScanner, isSoapMediaType } from "./fault-scanner.js";
import { soapAction } from "./soap-action.js";

describe("soapAction", () => {
  it("reads SOAP 1.1 SOAPAction (quotes stripped) and the SOAP 1.2 content-type action", () => {
    expect(soapAction(["SOAPAction", '"urn:x#op"'])).toBe("urn:x#op");
    expect(
      soapAction(["Content-Type", 'application/soap+xml; charset=utf-8; action="urn:y#op2"']),
    ).toBe("urn:y#op2");
    expect(soapAction(["SOAPAction", '""', "content-type", "text/xml"])).toBeNull();
  });
});

describe("FaultScanner", () => {
  const envelope = (body: string) =>
    `<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>${body}</env:Body></env:Envelope>`;

  it("finds SOAP 1.2 Faults split across chunks, and nothing in a normal answer", () => {
    const text = envelope(
      "<env:Fault><env:Code><env:Value>env:Sender</env:Value></env:Code><env:Reason><env:Text>bad input</env:Text></env:Reason></env:Fault>",
    );
    const scanner = new FaultScanner();
    for (let i = 0; i < text.length; i += 7) scanner.push(Buffer.from(text.slice(i, i + 7)));
    expect(scanner.result()).toEqual({ code: "env:Sender", message: "bad input" });
    const ok = new FaultScanner();
    ok.push(Buffer.from(envelope("<m:greeting>hi</m:greeting>")));
    expect(ok.result()).toBeNull();
  });

  it("holds at most FAULT_SCAN_BYTES of a large body", () => {
    const scanner = new FaultScanner();
    for (let i = 0; i < 100; i++) scanner.push(Buffer.alloc(4096, 0x61));
    scanner.push(Buffer.from("<Fault>"));
    expect(scanner.result()).toBeNull(); // past the cap: not looked at, not held
    expect(FAULT_SCAN_BYTES).toBe(65_536);
  });

  it("knows the SOAP media types", () => {
    expect(["text/xml; charset=utf-8", "application/soap+xml"].map(isSoapMediaType)).toEqual([
      true,
      true,
    ]);
    expect(isSoapMediaType("application/json")).toBe(false);
  });
});
