import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { seededRandom } from "../../src/common/index.js";
import { HttpAdapter } from "../../src/adapter/index.js";
import { HttpMock } from "../../src/mock/index.js";

// One server under test in bench:mock, in its own process (pinned by the bench):
//   baton SPEC       Baton's mock of SPEC behind its HTTP adapter, validation on (as `baton up --mock`)
//   hand BODY_JSON   a hand-written Node server answering every request with BODY_JSON
//   boot SPEC PATHS  prints the ms to load SPEC and listen, then to answer each of PATHS once
const [mode, arg, paths] = process.argv.slice(2);

async function serveMock(spec: string): Promise<{ port: number; close: () => Promise<void> }> {
  const mock = HttpMock.fromFile(spec, { node: "bench" });
  const adapter = new HttpAdapter({ node: "bench", port: 0, random: seededRandom(1) });
  const port = await adapter.listen();
  adapter.apply({
    version: 1,
    targets: [{ kind: "handler", id: "mock", handler: mock.handler }],
    route: { kind: "single", target: "mock" },
  });
  return { port, close: () => adapter.close(100) };
}

if (mode === "baton") {
  console.log((await serveMock(arg as string)).port);
} else if (mode === "hand") {
  const body = Buffer.from(arg as string);
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => console.log((server.address() as AddressInfo).port));
} else if (mode === "boot") {
  const started = performance.now();
  const served = await serveMock(arg as string);
  const bootMs = performance.now() - started;
  for (const path of (paths as string).split(",")) {
    const r = await fetch(`http://127.0.0.1:${served.port}${path}`);
    if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
    await r.arrayBuffer();
  }
  const readyMs = performance.now() - started;
  await served.close();
  console.log(JSON.stringify({ bootMs, readyMs }));
  process.exit(0);
} else {
  console.error("usage: run-mock baton SPEC | hand BODY_JSON | boot SPEC PATHS");
  process.exit(2);
}
