import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBatonError, type BatonError } from "../../common/index.js";
import { parseWsdl, readWsdl } from "./index.js";

const testdata = (name: string) => fileURLToPath(new URL(`testdata/${name}`, import.meta.url));

function failure(run: () => unknown): BatonError {
  try {
    run();
  } catch (error) {
    if (isBatonError(error)) return error;
    throw error;
  }
  throw new Error("no BatonError");
}

/** A small WSDL around `body` (messages, portTypes, bindings, services). */
const wsdl = (body: string, root = "definitions") =>
  `<?xml version="1.0"?>
<${root} targetNamespace="urn:t" xmlns="http://schemas.xmlsoap.org/wsdl/"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s12="http://schemas.xmlsoap.org/wsdl/soap12/"
  xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
${body}
</${root}>`;
const PORT_TYPE = `<message name="Out"><part name="r" type="xsd:long"/></message>
<portType name="PT"><operation name="op"><output message="Out"/></operation></portType>`;
const binding = (name: string, ns: string, op = "op") =>
  `<binding name="${name}" type="PT"><${ns}:binding style="rpc"/><operation name="${op}"><${ns}:operation soapAction="urn:t#${op}"/></operation></binding>`;

describe("readWsdl", () => {
  it("reads a document/literal SOAP 1.1 WSDL: actions, input elements, outputs from the schema", () => {
    const service = readWsdl(testdata("calc.wsdl"));
    expect(service).toMatchObject({
      targetNamespace: "http://example.com/calc/wsdl",
      service: "CalcService",
      port: "CalcPort",
      soapVersion: "1.1",
    });
    expect(service.operations).toEqual([
      {
        name: "Add",
        soapAction: "http://example.com/calc/Add",
        style: "document",
        inputElement: "Add",
        output: {
          element: "AddResponse",
          namespace: "http://example.com/calc",
          qualified: true,
          children: [
            { name: "sum", type: "int" },
            { name: "note", type: "string" },
          ],
        },
      },
      {
        name: "Describe",
        soapAction: null, // soapAction="": found by its Body element
        style: "document",
        inputElement: "Describe",
        output: {
          element: "DescribeResponse",
          namespace: "http://example.com/calc",
          qualified: true,
          // A named type, its extension base first; a complex child has no built-in type.
          children: [
            { name: "name", type: "string" },
            { name: "precise", type: "boolean" },
            { name: "since", type: "date" },
            { name: "limits", type: null },
          ],
        },
      },
      {
        name: "Reset",
        soapAction: "http://example.com/calc/Reset",
        style: "document",
        inputElement: "Reset",
        output: null,
      },
    ]);
  });

  it("reads an rpc SOAP 1.2 WSDL: one child per output part, in the soap:body namespace", () => {
    const service = readWsdl(testdata("hello12.wsdl"));
    expect(service.soapVersion).toBe("1.2");
    expect(service.operations).toEqual([
      {
        name: "sayHello",
        soapAction: "urn:examples:hello12#sayHello",
        style: "rpc",
        inputElement: "sayHello",
        output: {
          element: "sayHelloResponse",
          namespace: "urn:examples:hello12",
          qualified: false,
          children: [
            { name: "greeting", type: "string" },
            { name: "count", type: "int" },
          ],
        },
      },
    ]);
  });

  it("picks the first SOAP port (skipping HTTP bindings); works without a service", () => {
    const text = wsdl(`${PORT_TYPE}
<binding name="H" type="PT"><http:binding verb="GET"/></binding>
${binding("B12", "s12")}
<service name="S"><port name="HttpPort" binding="H"/><port name="SoapPort" binding="B12"/></service>`);
    expect(parseWsdl(text, "t.wsdl")).toMatchObject({ port: "SoapPort", soapVersion: "1.2" });
    const bare = parseWsdl(wsdl(`${PORT_TYPE}${binding("B", "soap")}`), "t.wsdl");
    expect(bare).toMatchObject({ service: "", port: "", soapVersion: "1.1" });
    expect(bare.operations[0]?.output?.children).toEqual([{ name: "r", type: "long" }]);
  });

  it("refuses a file that is not well-formed, naming the file, line and problem", () => {
    const file = testdata("broken.wsdl");
    const e = failure(() => readWsdl(file));
    expect(e.code).toBe("E_CONTRACT_PARSE");
    expect(e.message).toBe(
      `WSDL ${file} is not well-formed XML: end tag </message> does not match <part> (line 4)`,
    );
    expect(e.location).toEqual({ file, line: 5, column: 3 });
    expect(failure(() => readWsdl(testdata("absent.wsdl"))).code).toBe("E_CONTRACT_NOT_FOUND");
    expect(failure(() => parseWsdl("<!DOCTYPE x><definitions/>", "d.wsdl")).message).toMatch(
      /DOCTYPE/,
    );
  });

  it.each([
    ["WSDL 2.0", wsdl("", "description"), /WSDL 2\.0/],
    ["not a WSDL", "<html/>", /root is <html>, not <definitions>/],
    ["no targetNamespace", "<definitions/>", /no targetNamespace/],
    [
      "no SOAP binding",
      wsdl(`${PORT_TYPE}<binding name="H" type="PT"><http:binding/></binding>`),
      /no SOAP 1\.1 or 1\.2 binding/,
    ],
    [
      "no portType",
      wsdl(`<import location="x.wsdl"/>${binding("B", "soap")}`),
      /portType 'PT', which is not declared \(wsdl:import is not followed\)/,
    ],
    [
      "no message",
      wsdl(
        `<portType name="PT"><operation name="op"><output message="Nope"/></operation></portType>${binding("B", "soap")}`,
      ),
      /message 'Nope', which is not declared/,
    ],
    [
      "operation not in portType",
      wsdl(`${PORT_TYPE}${binding("B", "soap", "other")}`),
      /'other' is not in the portType/,
    ],
    [
      "an operation twice",
      wsdl(
        `${PORT_TYPE}<binding name="B" type="PT"><soap:binding/><operation name="op"/><operation name="op"/></binding>`,
      ),
      /appears twice/,
    ],
    [
      "a bad operation name",
      wsdl(`${PORT_TYPE}${binding("B", "soap", "a&lt;b")}`),
      /'a<b', not an XML name/,
    ],
    [
      "no operation",
      wsdl(`${PORT_TYPE}<binding name="B" type="PT"><soap:binding/></binding>`),
      /declares no operation/,
    ],
  ])("refuses %s (E_CONTRACT_INVALID)", (_what, text, message) => {
    const e = failure(() => parseWsdl(text, "in.wsdl"));
    expect(e.code).toBe("E_CONTRACT_INVALID");
    expect(e.message).toMatch(message);
    expect(e.message.startsWith("WSDL in.wsdl")).toBe(true);
    expect(e.location?.file).toBe("in.wsdl");
  });

  it("throws nothing but a BatonError, whatever the text", () => {
    const markup = fc.constantFrom(
      "<",
      ">",
      "/",
      "</a>",
      "<a>",
      "<a/>",
      '"',
      "=",
      "<!--",
      "-->",
      "<?",
      "?>",
      "&amp;",
      " x='1'",
      "definitions",
      "<![CDATA[",
      "]]>",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(markup, fc.string()), { maxLength: 30 }), (pieces) => {
        try {
          parseWsdl(pieces.join(""), "f.wsdl");
        } catch (error) {
          if (!isBatonError(error)) throw error;
        }
      }),
    );
  });
});
