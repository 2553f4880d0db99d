import { describe, expect, it } from "vitest";
import { routingSchema } from "../../circuit/index.js";
import { routeSnapshot } from "./route-snapshot.js";

const MOCK = { kind: "network", id: "mock", host: "127.0.0.1", port: 7000 } as const;

describe("routeSnapshot", () => {
  it("sends everything to the backend without declared routing, with the call policy", () => {
    expect(routeSnapshot({ policy: { retries: 0, timeout_ms: 500 } }, MOCK, 3)).toEqual({
      version: 3,
      maxRetries: 0,
      limits: { requestTimeoutMs: 500 },
      targets: [MOCK],
      route: { kind: "single", target: "mock" },
    });
    expect(routeSnapshot({}, null, 1)).toEqual({ version: 1, targets: [], route: null });
  });

  it("routes declared targets; a target without a port is the node's own backend", () => {
    const routing = routingSchema.parse({
      strategy: "weighted",
      locked: true,
      targets: [
        { name: "own", weight: 80 },
        { name: "other", port: 7100, weight: 20 },
      ],
    });
    const snapshot = routeSnapshot({ routing }, MOCK, 2);
    expect(snapshot.locked).toBe(true);
    expect(snapshot.targets).toEqual([
      { kind: "network", id: "other", host: "127.0.0.1", port: 7100 },
      MOCK,
    ]);
    expect(snapshot.route).toEqual({
      kind: "weighted",
      targets: [
        { target: "mock", weight: 80 },
        { target: "other", weight: 20 },
      ],
    });
    expect(routeSnapshot({ routing }, null, 2).route).toBeNull();
  });

  it("maps header rules and canary splits", () => {
    const header = routingSchema.parse({
      strategy: "header",
      targets: [{ name: "own" }, { name: "v2", port: 7200 }],
      rules: [{ header: "X-Version", value: "2", target: "v2" }],
      default_target: "own",
    });
    expect(routeSnapshot({ routing: header }, MOCK, 1).route).toEqual({
      kind: "header",
      rules: [{ header: "x-version", match: "exact", value: "2", target: "v2" }],
      default: "mock",
    });
    const canary = routingSchema.parse({
      strategy: "canary",
      targets: [
        { name: "stable", weight: 90 },
        { name: "next", port: 7300, weight: 10 },
      ],
    });
    expect(routeSnapshot({ routing: canary }, MOCK, 1).route).toEqual({
      kind: "canary",
      primary: "mock",
      canary: "next",
      percent: 10,
    });
  });
});
