import { Agent, request } from "undici";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { HttpAdapter } from "../../adapter/index.js";
import { genericMock } from "./generic-mock.js";

const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

describe("genericMock", () => {
  it("says it is a generic mock, passes health checks, and keeps the connection after a body", async () => {
    const adapter = new HttpAdapter({ node: "bare", port: 0 });
    const port = await adapter.listen();
    onTestFinished(() => adapter.close(1_000));
    adapter.apply({
      version: 1,
      targets: [{ kind: "handler", id: "mock", handler: genericMock("bare") }],
      route: { kind: "single", target: "mock" },
    });
    const dispatcher = new Agent({ connections: 1 });
    agents.push(dispatcher);
    const url = `http://127.0.0.1:${port}`;
    const posted = await request(`${url}/anything?x=1`, { dispatcher, method: "POST", body: "{}" });
    expect(await posted.body.json()).toMatchObject({
      status: "mock",
      node: "bare",
      request: { method: "POST", path: "/anything" },
    });
    const health = await request(`${url}/health`, { dispatcher });
    expect([health.statusCode, await health.body.json()]).toEqual([200, { status: "ok" }]);
    expect(adapter.stats().activeConnections).toBe(1);
  });
});
