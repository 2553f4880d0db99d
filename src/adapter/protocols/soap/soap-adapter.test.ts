import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createClientAsync, listen } from "soap";
import { describe, expect, it, onTestFinished } from "vitest";
import { seededRandom } from "../../../common/index.js";
import { HttpAdapter } from "../../http/http-adapter.js";

const WSDL = readFileSync(new URL("testdata/hello.wsdl", import.meta.url), "utf8");

/** A real SOAP service (npm `soap`) on 127.0.0.1:0 answering sayHello, with a Fault for "fail". */
async function helloService(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.on("connection", (s) => onTestFinished(() => void s.destroy()));
  listen(
    server,
    "/hello",
    {
      HelloService: {
        HelloPort: {
          sayHello(args: { name: string }) {
            if (args.name === "fail")
              // node-soap turns a thrown `{ Fault }` object (not an Error) into a SOAP Fault.
              // eslint-disable-next-line @typescript-eslint/only-throw-error
              throw { Fault: { faultcode: "soap:Client", faultstring: "no such person" } };
            return { greeting: `Hello ${args.name}` };
          },
        },
      },
    },
    WSDL,
  );
  return (server.address() as AddressInfo).port;
}

describe("SOAP through the HTTP adapter (soap: true)", () => {
  it("relays calls and Faults of a real SOAP client; Faults count as errors, signals name the action", async () => {
    const backend = await helloService();
    const adapter = new HttpAdapter({
      node: "billing",
      port: 0,
      soap: true,
      random: seededRandom(2),
    });
    const port = await adapter.listen();
    onTestFinished(() => adapter.close(1_000));
    adapter.apply({
      version: 1,
      targets: [{ kind: "network", id: "live", host: "127.0.0.1", port: backend }],
      route: { kind: "single", target: "live" },
    });
    const url = `http://127.0.0.1:${port}/hello`;
    const client = await createClientAsync(`${url}?wsdl`, {}, url);
    const sayHello = (client as unknown as { sayHelloAsync: (a: object) => Promise<unknown[]> })
      .sayHelloAsync;
    const [ok] = (await sayHello({ name: "Ada" })) as [{ greeting: string }];
    expect(ok.greeting).toBe("Hello Ada");
    const fault = (await sayHello({ name: "fail" }).catch((e: unknown) => e)) as {
      root?: { Envelope?: { Body?: { Fault?: { faultstring?: string } } } };
    };
    expect(fault.root?.Envelope?.Body?.Fault?.faultstring).toBe("no such person");
    const stats = adapter.stats();
    expect(stats.errors.fault).toBe(1);
    expect(stats.lastError).toMatchObject({
      kind: "fault",
      message: expect.stringContaining("no such person") as unknown,
    });
    const actions = adapter.drainSignals().map((s) => s.path);
    expect(actions).toContain("urn:examples:hello#sayHello");
  });
});
