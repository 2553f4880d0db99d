import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { baton, batonAsync, ROOT, shopCopy } from "../support/shop-project.js";
import { alive } from "../support/process-alive.js";

// `baton slot` end to end: the built CLI, a background owner, a real child service.

const SERVICE = join(ROOT, "src/runtime/circuit/testdata/live-service.js");

interface Status {
  runtime: {
    name: string;
    port: number;
    backend: string;
    live: { pid: number; command: string } | null;
    health: { status: string } | null;
  }[];
}

function state(dir: string): { level: string; nodes: Record<string, { backend: string }> } {
  return JSON.parse(readFileSync(join(dir, ".baton/state.json"), "utf8")) as ReturnType<
    typeof state
  >;
}

describe("baton slot", () => {
  it("switches a node to a live service, refuses a non-conforming one, and down stops it", async () => {
    const dir = await shopCopy();
    expect(baton(dir, "up", "--detach").status).toBe(0);
    onTestFinished(() => {
      baton(dir, "down");
    });

    const slotted = baton(dir, "slot", "orders", process.execPath, SERVICE, "--skip-validate");
    expect(slotted.stderr).toBe("");
    expect(slotted.stdout).toBe(
      [
        "  ✓ start the service of orders",
        "  ✓ wait until the service of orders is healthy",
        "  ✓ check the service of orders against its contract",
        "  ✓ switch orders's adapter to the service",
        "orders is live",
        "",
      ].join("\n"),
    );
    const status = JSON.parse(baton(dir, "status", "--json").stdout) as Status;
    const orders = status.runtime.find((n) => n.name === "orders");
    expect(orders?.backend).toBe("live");
    const answer = await fetch(`http://127.0.0.1:${orders?.port}/orders/ord_1`);
    expect(await answer.json()).toEqual({ live: true, path: "/orders/ord_1" });

    // The same service does not follow the users contract: refused with the report.
    const refused = baton(dir, "slot", "users", process.execPath, SERVICE);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /^error\[E_STEP_FAILED\].*check the service of users against its contract/,
    );
    expect(refused.stdout).toMatch(/✗ check the service of users against its contract: FAIL/);
    expect(refused.stderr).toMatch(/does not conform/);
    const after = JSON.parse(baton(dir, "status", "--json").stdout) as Status;
    expect(after.runtime.find((n) => n.name === "users")?.backend).toBe("mock");

    expect(readFileSync(join(dir, ".baton/logs/orders.log"), "utf8")).toMatch(/listening on/);
    // Both operations were core jobs, and stay readable after they ended.
    const jobs = JSON.parse(baton(dir, "jobs", "--all", "--json").stdout) as {
      jobs: { id: string; kind: string; state: string }[];
    };
    expect(jobs.jobs.map((j) => [j.kind, j.state])).toEqual([
      ["slot", "failed"],
      ["slot", "completed"],
      ["up", "completed"],
    ]);
    expect(baton(dir, "jobs").stdout).toBe("no job is running (--all lists past ones)\n");
    const shown = baton(dir, "job", "show", jobs.jobs[0]?.id as string).stdout;
    expect(shown).toMatch(/^Job slot-\d+: slot, failed/);
    expect(shown).toMatch(/check the service of users against its contract\s+failed\s+1/);
    expect(shown).toMatch(/switch users's adapter to the service\s+\S+\s+0/);
    expect(baton(dir, "job", "show", "nope").stderr).toMatch(/^error\[E_USAGE\] no job 'nope'/);
    const unknown = baton(dir, "resolve", "nope", "1", "--decision", "accept");
    expect([unknown.status, unknown.stderr]).toEqual([
      1,
      expect.stringMatching(/^error\[E_JOB_NOT_FOUND\] no job 'nope' is running/),
    ]);
    const notHeld = baton(dir, "resolve", jobs.jobs[2]?.id as string, "1", "--decision", "skip");
    expect(notHeld.stderr).toMatch(/^error\[E_JOB_NOT_FOUND\]/); // finished: not running
    expect(baton(dir, "resolve", "x", "1", "--decision", "maybe").status).toBe(2);
    const cancel = baton(dir, "job", "cancel", "nope");
    expect([cancel.status, cancel.stderr]).toEqual([
      1,
      expect.stringMatching(/^error\[E_JOB_NOT_FOUND\] no job 'nope' is running/),
    ]);

    const pid = orders?.live?.pid as number;
    expect(alive(pid)).toBe(true);
    expect(baton(dir, "down").status).toBe(0);
    expect(alive(pid)).toBe(false); // no child left running after down
  });

  it("swaps a live service, unslots it and collapses the circuit, keeping state.json current", async () => {
    const dir = await shopCopy();
    expect(baton(dir, "up", "--detach").status).toBe(0);
    onTestFinished(() => {
      baton(dir, "down");
    });
    const nodes = () => (JSON.parse(baton(dir, "status", "--json").stdout) as Status).runtime;
    const orders = () => nodes().find((n) => n.name === "orders");

    expect(
      baton(dir, "slot", "orders", process.execPath, SERVICE, "v1", "--skip-validate").status,
    ).toBe(0);
    const first = orders()?.live?.pid as number;
    expect(state(dir)).toMatchObject({ level: "partial", nodes: { orders: { backend: "live" } } });

    // Real traffic all through the swap: 16 clients in a loop, none may see a failure.
    const url = `http://127.0.0.1:${orders()?.port}/orders/x`;
    const statuses: number[] = [];
    let loading = true;
    const client = async () => {
      while (loading) {
        const answer = await fetch(url).catch(() => null);
        statuses.push(answer?.status ?? 0);
        await answer?.arrayBuffer();
      }
    };
    const load = Array.from({ length: 16 }, client);
    const swapped = await batonAsync(
      dir,
      ...["swap", "orders", process.execPath, SERVICE, "v2", "--skip-validate"],
    );
    loading = false;
    await Promise.all(load);
    expect(statuses.length).toBeGreaterThan(16);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(swapped.stderr).toBe("");
    expect(swapped.stdout).toContain(`✓ drain orders's old service (pid ${first})`);
    expect(swapped.stdout).toMatch(/✓ stop orders's old service.*\norders is live\n$/);
    expect(orders()?.live?.command).toMatch(/ v2$/);
    expect(orders()?.health?.status).toBe("healthy");
    const r = await fetch(`http://127.0.0.1:${orders()?.port}/orders/x`);
    expect(await r.json()).toMatchObject({ live: true, tag: "v2" });
    expect(alive(first)).toBe(false);

    const second = orders()?.live?.pid as number;
    expect(baton(dir, "unslot", "orders").stdout).toMatch(/orders is mocked\n$/);
    expect(orders()).toMatchObject({ backend: "mock", live: null });
    expect(alive(second)).toBe(false);
    const unslotAgain = baton(dir, "unslot", "orders");
    expect([unslotAgain.status, unslotAgain.stderr]).toEqual([
      2,
      expect.stringMatching(/^error\[E_USAGE\] 'orders' runs no live service/),
    ]);

    expect(baton(dir, "slot", "users", process.execPath, SERVICE, "--skip-validate").status).toBe(
      0,
    );
    const unknown = baton(dir, "collapse", "--live", "nope");
    expect(unknown.stderr).toMatch(/^error\[E_NODE_NOT_FOUND\] unknown nodes: nope/);
    expect(baton(dir, "collapse").stdout).toMatch(/collapsed\n$/);
    expect(nodes().every((n) => n.backend === "mock")).toBe(true);
    expect(state(dir)).toMatchObject({ level: "full_mock", nodes: { users: { backend: "mock" } } });
    // The services' output stays readable, the owner running or not.
    expect(baton(dir, "logs", "--node", "orders").stdout).toMatch(
      /orders\/live INFO +listening on/,
    );
  });
});
