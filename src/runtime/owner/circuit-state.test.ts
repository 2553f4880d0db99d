import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { CircuitStateWriter, stateOf, STATE_FILE } from "./circuit-state.js";

describe("CircuitStateWriter", () => {
  it("writes state.json whole, in the order asked, leaving no temp file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-state-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const writer = new CircuitStateWriter(dir);
    const status = {
      circuit: "shop",
      level: "full_mock" as const,
      pid: 1,
      nodes: [
        {
          name: "api",
          role: "ingress",
          protocol: "http",
          host: "127.0.0.1",
          port: 9001,
          backend: "mock" as const,
          live: null,
          routing: "single → mock",
          health: { status: "healthy" as const, reason: "in-process mock" },
          escalated: null,
          requests: 0,
          errors: 0,
          requestsPerSecond: 0,
          errorsPerSecond: 0,
          p99Ms: null,
        },
      ],
    };
    const extras = { ownerId: "7:1", pending: [{ route: "POST /v1/apply", body: {} }] };
    const writes = [1, 2, 3, 4, 5].map((n) =>
      writer.write(stateOf(status, n < 5, n, n < 5 ? extras : { ownerId: "7:1" })),
    );
    await Promise.all(writes);
    const saved = JSON.parse(readFileSync(join(dir, STATE_FILE), "utf8")) as unknown;
    expect(saved).toEqual({
      version: 1,
      circuit: "shop",
      running: false,
      ownerId: "7:1",
      level: "full_mock",
      updatedAtMs: 5,
      nodes: {
        api: {
          backend: "mock",
          port: 9001,
          live: null,
          routing: "single → mock",
          escalation: null,
        },
      },
    });
    expect(readdirSync(dir)).toEqual([STATE_FILE]);
  });
});
