import { fileURLToPath } from "node:url";
import { createClientAsync, type Client } from "soap";
import { describe, expect, it, onTestFinished } from "vitest";
import { HttpAdapter, type HttpHandler } from "../../adapter/index.js";
import { seededRandom } from "../../common/index.js";
import { SoapMock } from "./index.js";

// A real SOAP client (npm `soap`) calls the mock through Baton's HTTP adapter, as a service's
// caller would in a circuit.

const testdata = (name: string) => fileURLToPath(new URL(`testdata/${name}`, import.meta.url));

/** An HTTP adapter for `node` on 127.0.0.1:0, closed when the test ends. */
async function adapter(node: string, soap: boolean): Promise<{ a: HttpAdapter; port: number }> {
  const a = new HttpAdapter({ node, port: 0, soap, random: seededRandom(4) });
  const port = await a.listen();
  onTestFinished(() => a.close(1_000));
  return { a, port };
}

/** The adapter's URL, serving `handler` in-process. */
async function serve(handler: HttpHandler, soap = false): Promise<string> {
  const { a, port } = await adapter("billing", soap);
  const applied = a.apply({
    version: 1,
    targets: [{ kind: "handler", id: "mock", handler }],
    route: { kind: "single", target: "mock" },
  });
  expect(applied).toMatchObject({ ok: true });
  return `http://127.0.0.1:${port}/svc`;
}

type Call = (args: object, options?: object, headers?: object) => Promise<unknown[]>;
const call = (client: Client, name: string) =>
  (client as unknown as Record<string, Call>)[`${name}Async`] as Call;

/** What the `soap` client rejects with when the answer is a Fault. */
interface FaultError {
  message: string;
  root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } };
}

describe("SoapMock with a real SOAP client", () => {
  it("answers document/literal SOAP 1.1 calls, by SOAPAction and by Body element", async () => {
    const file = testdata("calc.wsdl");
    const url = await serve(SoapMock.fromWsdl(file, { node: "calc" }).handler);
    const client = await createClientAsync(file, {}, url);
    const [sum, raw] = (await call(client, "Add")({ a: 1, b: 2 })) as [object, string];
    expect(sum).toEqual({ sum: 0, note: "string" });
    expect(raw).toContain('<tns:AddResponse xmlns:tns="http://example.com/calc">');
    // Describe has soapAction="" (the client sends `SOAPAction: ""`): found by its element.
    const [described] = (await call(client, "Describe")({})) as [object];
    expect(described).toEqual({
      name: "string",
      precise: false,
      since: new Date("2000-01-01T00:00:00Z"), // the client parses xs:date
      limits: null, // an empty element of a complex type
    });
  });

  it("answers rpc SOAP 1.2 calls in SOAP 1.2", async () => {
    const file = testdata("hello12.wsdl");
    const url = await serve(SoapMock.fromWsdl(file, { node: "hello" }).handler);
    const client = await createClientAsync(file, { forceSoap12Headers: true }, url);
    const [result, raw] = (await call(client, "sayHello")({ name: "Ada" })) as [object, string];
    expect(result).toEqual({ greeting: "string", count: 0 });
    expect(raw).toContain('xmlns:soap="http://www.w3.org/2003/05/soap-envelope"');
    expect(raw).toContain('<tns:sayHelloResponse xmlns:tns="urn:examples:hello12">');
  });

  it("answers a Fault when the header asks; the client reports it, the adapter counts it", async () => {
    const file = testdata("calc.wsdl");
    // The mock served in-process by a SOAP adapter: its Faults are counted like a live one's.
    const { a: front, port } = await adapter("calc", true);
    front.apply({
      version: 1,
      targets: [
        { kind: "handler", id: "mock", handler: SoapMock.fromWsdl(file, { node: "calc" }).handler },
      ],
      route: { kind: "single", target: "mock" },
    });
    const client = await createClientAsync(file, {}, `http://127.0.0.1:${port}/svc`);
    const add = call(client, "Add");
    const asked = (await add({ a: 1, b: 2 }, {}, { "x-baton-mock-fault": "Server" }).catch(
      (e: unknown) => e,
    )) as FaultError;
    expect(asked.root?.Envelope?.Body?.Fault).toMatchObject({
      faultcode: "soap:Server",
      faultstring: "node 'calc': fault requested by the x-baton-mock-fault header",
    });
    const text = (await add({ a: 1 }, {}, { "x-baton-mock-fault": "quota <exceeded>" }).catch(
      (e: unknown) => e,
    )) as FaultError;
    expect(text.message).toBe("soap:Server: node 'calc': quota <exceeded>");
    const [ok] = await add({ a: 1, b: 2 }); // without the header: an answer again
    expect(ok).toEqual({ sum: 0, note: "string" });
    const stats = front.stats();
    expect(stats.errors.fault).toBe(2);
    expect(stats.lastError).toMatchObject({
      kind: "fault",
      message: "soap:Server: node 'calc': quota <exceeded>",
    });
    expect(front.drainSignals().map((s) => s.path)).toContain("http://example.com/calc/Add");
  });

  it("answers SOAP 1.2 Faults the client reads as SOAP 1.2", async () => {
    const file = testdata("hello12.wsdl");
    const url = await serve(SoapMock.fromWsdl(file, { node: "hello" }).handler);
    const client = await createClientAsync(file, { forceSoap12Headers: true }, url);
    const fault = (await call(client, "sayHello")(
      { name: "x" },
      {},
      {
        "x-baton-mock-fault": "Client",
      },
    ).catch((e: unknown) => e)) as FaultError;
    expect(fault.message).toMatch(/^soap:Sender: .*node 'hello': fault requested by/);
  });
});
