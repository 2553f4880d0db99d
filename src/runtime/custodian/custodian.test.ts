import { describe, expect, it } from "vitest";
import { FakeClock, seededRandom } from "../../common/index.js";
import { Custodian, type CustodianEvent, type CustodianHost } from "./custodian.js";
import { DEFAULT_LADDER } from "./heal-ladder.js";

/** A circuit of one live node whose health the test sets, recording what was done to it. */
function circuit() {
  const state = { backend: "live" as "live" | "mock", healthy: true, mockHealthy: true };
  const done: string[] = [];
  const host: CustodianHost = {
    nodes: () => [
      { name: "orders", backend: state.backend },
      { name: "spare", backend: "none" },
    ],
    probe: () => {
      const ok = state.backend === "live" ? state.healthy : state.mockHealthy;
      return Promise.resolve(
        new Map([
          [
            "orders",
            {
              status: ok ? ("healthy" as const) : ("unhealthy" as const),
              latencyMs: 1,
              reason: ok ? "HTTP 200" : "connect ECONNREFUSED",
            },
          ],
          ["spare", null],
        ]),
      );
    },
    restart: (node) => {
      done.push(`restart ${node}`);
      return Promise.resolve("restarted");
    },
    mock: (node) => {
      done.push(`mock ${node}`);
      state.backend = "mock";
      return Promise.resolve("on its mock");
    },
  };
  return { state, done, host };
}

function custodian(host: CustodianHost, clock: FakeClock, events: CustodianEvent[]) {
  return new Custodian(host, {
    clock,
    random: seededRandom(3),
    intervalMs: 5_000,
    timeoutMs: 1_000,
    ladder: { ...DEFAULT_LADDER, restartBaseMs: 1_000 },
    onEvent: (e) => events.push(e),
  });
}

async function rounds(c: Custodian, clock: FakeClock, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await c.tick();
    clock.advance(5_000);
  }
}

describe("Custodian", () => {
  it("restarts a dead service, then puts it on its mock, then escalates when the mock fails", async () => {
    const clock = new FakeClock(1_000_000);
    const { state, done, host } = circuit();
    const events: CustodianEvent[] = [];
    const c = custodian(host, clock, events);
    await rounds(c, clock, 2);
    expect(events).toEqual([]);

    expect(c.delayMs).toBe(5_000);
    state.healthy = false;
    await rounds(c, clock, 1);
    expect(c.delayMs).toBe(1_000); // a failing node is probed again soon
    await rounds(c, clock, 2);
    expect(done).toEqual(["restart orders"]);
    expect(events[0]).toMatchObject({
      node: "orders",
      action: "restart",
      reason: "3 failed probes: connect ECONNREFUSED",
      ok: true,
      detail: "restarted (restart 1)",
      atMs: 1_020_000, // rounds() steps 5 s whatever the delay; the real loop would be sooner
    });
    await rounds(c, clock, 3);
    expect(done).toEqual(["restart orders", "mock orders"]);

    state.mockHealthy = false;
    await rounds(c, clock, 3);
    expect(events.map((e) => e.action)).toEqual(["restart", "replace_with_mock", "escalate"]);
    expect([...c.faulted.keys()]).toEqual(["orders"]);

    expect(c.resolve("orders")).toBe(true);
    expect(c.faulted.size).toBe(0);
  });

  it("watches a service slotted onto a mocked node as live: restarts it, and ends an escalation", async () => {
    const clock = new FakeClock();
    const { state, done, host } = circuit();
    state.backend = "mock";
    state.mockHealthy = false;
    const events: CustodianEvent[] = [];
    const c = custodian(host, clock, events);
    await rounds(c, clock, 3);
    expect([...c.faulted.keys()]).toEqual(["orders"]);
    state.backend = "live"; // a person slotted a service
    state.healthy = false;
    await rounds(c, clock, 3);
    expect(c.faulted.size).toBe(0);
    expect(done).toEqual(["restart orders"]);
  });

  it("reports an action that failed with its error", async () => {
    const clock = new FakeClock();
    const { state, host } = circuit();
    let calls = 0;
    host.restart = () => Promise.reject(new Error(`'orders' is busy (${++calls})`));
    const events: CustodianEvent[] = [];
    const c = custodian(host, clock, events);
    state.healthy = false;
    await rounds(c, clock, 5);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "restart",
      ok: false,
      detail: "'orders' is busy (1)",
    });
  });
});
