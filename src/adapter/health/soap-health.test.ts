import { once } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import type { HealthTarget } from "./health-result.js";
import { findSoapFault } from "../protocols/soap/index.js";
import { checkSoapHealth } from "./soap-health.js";

async function serve(server: Server | ReturnType<typeof createNetServer>): Promise<HealthTarget> {
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
  });
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { host: "127.0.0.1", port: (server.address() as AddressInfo).port };
}

const answering = (status: number, body: string) =>
  serve(
    createServer((_req, res: ServerResponse) =>
      res.writeHead(status, { "content-type": "text/xml" }).end(body),
    ),
  );

const SOAP11_FAULT = `<?xml version="1.0"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
  <soap:Fault><faultcode>soap:Server</faultcode><faultstring>Database &amp; cache
    down</faultstring></soap:Fault></soap:Body></soap:Envelope>`;

const SOAP12_FAULT = `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>
  <env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code>
  <env:Reason><env:Text xml:lang="en">Not ready</env:Text></env:Reason></env:Fault>
</env:Body></env:Envelope>`;

const SOAP_OK = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
  <HealthResponse><status>ok</status><faultcodesSeen>0</faultcodesSeen></HealthResponse></soap:Body></soap:Envelope>`;

describe("checkSoapHealth", () => {
  it("calls a SOAP 1.1 Fault unhealthy with its code and string, whatever the status", async () => {
    const target = await answering(200, SOAP11_FAULT);
    expect(await checkSoapHealth(target)).toMatchObject({
      status: "unhealthy",
      reason: "SOAP fault soap:Server: Database & cache down",
    });
  });

  it("calls a SOAP 1.2 Fault unhealthy with its code value and reason text", async () => {
    const target = await answering(500, SOAP12_FAULT);
    expect(await checkSoapHealth(target)).toMatchObject({
      status: "unhealthy",
      reason: "SOAP fault env:Receiver: Not ready",
    });
  });

  it("judges a fault-free answer by its status", async () => {
    expect(await checkSoapHealth(await answering(200, SOAP_OK))).toMatchObject({
      status: "healthy",
      reason: "HTTP 200",
    });
    expect(await checkSoapHealth(await answering(503, "busy"))).toMatchObject({
      status: "unhealthy",
      reason: "HTTP 503",
    });
  });

  it("refuses an invalid path", async () => {
    const result = await checkSoapHealth({ host: "127.0.0.1", port: 1 }, { path: "health" });
    expect(result).toMatchObject({ status: "unknown", reason: "Invalid health_path: 'health'" });
  });

  it("times out on a server that never answers and reports a reset", async () => {
    const hanging = await serve(createServer(() => {}));
    expect(await checkSoapHealth(hanging, { timeoutMs: 40 })).toMatchObject({
      status: "unhealthy",
      reason: "timeout after 40 ms",
    });
    const resetting = await serve(
      createNetServer((s) => s.once("data", () => s.resetAndDestroy())),
    );
    expect(await checkSoapHealth(resetting)).toMatchObject({
      status: "unhealthy",
      reason: "read ECONNRESET",
    });
  });
});

describe("findSoapFault", () => {
  it("finds Fault with or without a prefix, in any case", () => {
    expect(findSoapFault("<Fault><faultcode>Client</faultcode></Fault>")).toEqual({
      code: "Client",
      message: "",
    });
    expect(findSoapFault("<S:FAULT>")).toEqual({ code: "", message: "" });
  });

  it("ignores elements that only start with Fault", () => {
    expect(findSoapFault(SOAP_OK)).toBeNull();
    expect(findSoapFault("<FaultTolerance>on</FaultTolerance>")).toBeNull();
  });

  it("shortens very long fault text", () => {
    const fault = findSoapFault(`<Fault><faultstring>${"x".repeat(500)}</faultstring></Fault>`);
    expect(fault?.message.length).toBe(201);
  });
});
