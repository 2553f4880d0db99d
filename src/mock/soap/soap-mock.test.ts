import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { describe, expect, it, onTestFinished } from "vitest";
import { findSoapFault, HttpAdapter } from "../../adapter/index.js";
import { seededRandom } from "../../common/index.js";
import { MAX_SOAP_REQUEST_BYTES, SoapMock } from "./index.js";
import { scanXml } from "./xml-scan.js";

const testdata = (name: string) => fileURLToPath(new URL(`testdata/${name}`, import.meta.url));
const NS11 = "http://schemas.xmlsoap.org/soap/envelope/";
const NS12 = "http://www.w3.org/2003/05/soap-envelope";
const TYPE11 = "text/xml; charset=utf-8";
const TYPE12 = "application/soap+xml; charset=utf-8";

/** `mock` behind an HTTP adapter on 127.0.0.1:0; `post`/`get` talk to it (closed at test end). */
async function serve(mock: SoapMock) {
  const a = new HttpAdapter({ node: "svc", port: 0, random: seededRandom(5) });
  const port = await a.listen();
  onTestFinished(() => a.close(1_000));
  a.apply({
    version: 1,
    targets: [{ kind: "handler", id: "mock", handler: mock.handler }],
    route: { kind: "single", target: "mock" },
  });
  const agent = new Agent();
  onTestFinished(() => agent.close());
  const send = async (
    method: "GET" | "POST" | "PUT",
    path: string,
    headers: Record<string, string>,
    body?: string | Readable,
  ) => {
    const r = await request(`http://127.0.0.1:${port}${path}`, {
      method,
      headers,
      body,
      dispatcher: agent,
    });
    const text = await r.body.text();
    return { status: r.statusCode, type: r.headers["content-type"], headers: r.headers, text };
  };
  return {
    post: (headers: Record<string, string>, body: string | Readable, path = "/svc") =>
      send("POST", path, headers, body),
    send,
  };
}

const envelope = (ns: string, body: string) =>
  `<?xml version="1.0"?><e:Envelope xmlns:e="${ns}"><e:Header/><e:Body>${body}</e:Body></e:Envelope>`;

const answer = (ns: string, body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ns}"><soap:Body>${body}</soap:Body></soap:Envelope>`;

describe("SoapMock.generic", () => {
  it("answers any operation with an empty <{Operation}Response/> in the request's version", async () => {
    const mock = SoapMock.generic({ node: "shop" });
    expect(mock.operations).toEqual([]);
    const { post } = await serve(mock);
    const call = '<m:GetPrice xmlns:m="urn:shop:m"><m:item>x</m:item></m:GetPrice>';
    const byAction = await post(
      { "content-type": "text/xml", soapaction: '"urn:shop#GetPrice"' },
      envelope(NS11, call),
    );
    expect(byAction).toMatchObject({
      status: 200,
      type: TYPE11,
      text: answer(NS11, '<tns:GetPriceResponse xmlns:tns="urn:shop:m"/>'),
    });
    const v12 = await post(
      { "content-type": 'application/soap+xml; action="http://shop/IStock/GetStock"' },
      envelope(NS12, "<GetStock/>"),
    );
    expect(v12).toMatchObject({
      type: TYPE12,
      text: answer(NS12, '<tns:GetStockResponse xmlns:tns="urn:baton:mock"/>'),
    });
    const byElement = await post({ "content-type": "text/xml" }, envelope(NS11, call));
    expect(byElement.text).toContain("<tns:GetPriceResponse");
    const notXml = await post({ "content-type": "text/xml" }, "hello");
    expect([notXml.status, findSoapFault(notXml.text)]).toEqual([
      500,
      {
        code: "soap:Client",
        message:
          "node 'shop' cannot tell the operation: the request is not well-formed XML: there is no element",
      },
    ]);
  });
});

describe("SoapMock.fromWsdl", () => {
  const calc = () => SoapMock.fromWsdl(testdata("calc.wsdl"), { node: "calc" });

  it("answers each operation from the WSDL; one-way operations get 202", async () => {
    const mock = calc();
    expect(mock.operations).toEqual(["Add", "Describe", "Reset"]);
    const { post } = await serve(mock);
    const add = await post(
      { "content-type": "text/xml", soapaction: "http://example.com/calc/Add" },
      envelope(NS11, "<Add/>"),
    );
    expect(add).toMatchObject({
      status: 200,
      type: TYPE11,
      text: answer(
        NS11,
        '<tns:AddResponse xmlns:tns="http://example.com/calc"><tns:sum>0</tns:sum><tns:note>string</tns:note></tns:AddResponse>',
      ),
    });
    const reset = await post(
      { "content-type": "text/xml" },
      envelope(NS11, '<c:Reset xmlns:c="http://example.com/calc"/>'),
    );
    expect([reset.status, reset.text]).toEqual([202, ""]);
    // A SOAP 1.2 request to a SOAP 1.1 WSDL: answered in SOAP 1.2 (the caller's version).
    const v12 = await post({ "content-type": "application/soap+xml" }, envelope(NS12, "<Add/>"));
    expect([v12.type, v12.text.includes(NS12)]).toEqual([TYPE12, true]);
  });

  it("answers a Client/Sender Fault naming an unknown operation, escaped", async () => {
    const { post } = await serve(calc());
    const r = await post(
      { "content-type": "text/xml", soapaction: '"urn:<evil>&co"' },
      envelope(NS11, "<Nope/>"),
    );
    expect(r.status).toBe(500);
    expect(r.text).toContain("urn:&lt;evil&gt;&amp;co");
    expect(() => scanXml(r.text)).not.toThrow();
    expect(findSoapFault(r.text)).toEqual({
      code: "soap:Client",
      message: "node 'calc' has no operation 'urn:<evil>&co'; it has Add, Describe, Reset",
    });
    const v12 = await post({ "content-type": "application/soap+xml" }, envelope(NS12, "<Nope/>"));
    expect([v12.type, findSoapFault(v12.text)?.code]).toEqual([TYPE12, "soap:Sender"]);
  });

  it("answers a Fault when `__fault` asks, in the request's version", async () => {
    const { post } = await serve(calc());
    const body = envelope(NS11, "<Add/>");
    const client = await post({ "content-type": "text/xml" }, body, "/svc?__fault=Client");
    expect([client.status, client.type, findSoapFault(client.text)]).toEqual([
      500,
      TYPE11,
      {
        code: "soap:Client",
        message: "node 'calc': fault requested by the __fault query parameter",
      },
    ]);
    const text = await post(
      { "content-type": "application/soap+xml" },
      envelope(NS12, "<Add/>"),
      `/svc?__fault=${encodeURIComponent("disk <full> & sad")}`,
    );
    expect(text.text).toContain(
      "<soap:Text xml:lang=\"en\">node 'calc': disk &lt;full&gt; &amp; sad<",
    );
    expect(findSoapFault(text.text)).toEqual({
      code: "soap:Receiver",
      message: "node 'calc': disk <full> & sad",
    });
  });

  it("takes only POST (405), serves the WSDL on GET ?wsdl", async () => {
    const { send } = await serve(calc());
    const put = await send("PUT", "/svc", {}, "x");
    expect([put.status, put.headers.allow]).toEqual([405, "POST"]);
    const wsdl = await send("GET", "/svc?wsdl", {});
    expect([wsdl.status, wsdl.type, wsdl.text.includes("CalcService")]).toEqual([
      200,
      "text/xml; charset=utf-8",
      true,
    ]);
    const generic = await serve(SoapMock.generic({ node: "g" }));
    expect((await generic.send("GET", "/svc?wsdl", {})).status).toBe(405);
  });

  it("refuses a body past MAX_SOAP_REQUEST_BYTES with a Fault (413), and stays usable", async () => {
    const { post } = await serve(calc());
    const big = Buffer.alloc(MAX_SOAP_REQUEST_BYTES + 1, 0x20);
    // Chunked (no Content-Length): the adapter's length check does not see it; the mock does.
    const r = await post({ "content-type": "text/xml" }, Readable.from([big]));
    expect([r.status, findSoapFault(r.text)?.message]).toEqual([
      413,
      `node 'calc': the request exceeds ${MAX_SOAP_REQUEST_BYTES} bytes`,
    ]);
    const ok = await post({ "content-type": "text/xml" }, envelope(NS11, "<Add/>"));
    expect(ok.status).toBe(200);
  });
});
