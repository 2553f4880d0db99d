import { spawn } from "node:child_process";
import { describe, expect, it, onTestFinished } from "vitest";
import type { CircuitStateFile } from "./circuit-state.js";
import { reapLeftovers, resumeCrashed } from "./crash-restore.js";
import { systemProcesses, type ProcessTable } from "./process-identity.js";

function stateWith(pid: number, startTicks: string | null): CircuitStateFile {
  return {
    version: 1,
    circuit: "shop",
    running: true,
    level: "partial",
    updatedAtMs: 0,
    nodes: {
      orders: {
        backend: "live",
        port: 9102,
        live: { command: "node orders.js", cwd: "/srv", pid, startTicks },
        routing: "single → live",
      },
    },
  };
}

describe("reapLeftovers", () => {
  it("ends a service the killed owner left, in its own process group", async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
      detached: true,
      stdio: "ignore",
    });
    onTestFinished(() => {
      child.kill("SIGKILL");
    });
    const pid = child.pid as number;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const ticks = systemProcesses.lookup(pid)?.startTicks ?? null;
    expect(await reapLeftovers(stateWith(pid, ticks), systemProcesses)).toEqual([pid]);
    await exited;
  });

  it("never signals a process that only has the recorded pid (it started at another time)", async () => {
    let looked = 0;
    const stranger: ProcessTable = {
      lookup: (pid) => (++looked, { pid, startTicks: "999", bootId: null }),
    };
    expect(await reapLeftovers(stateWith(4_194_303, "123"), stranger)).toEqual([]);
    expect(await reapLeftovers(stateWith(4_194_303, null), stranger)).toEqual([]);
    expect(looked).toBe(2);
  });
});

describe("resumeCrashed", () => {
  it("raises escalations again and reruns slot, swap and apply, not unslot or collapse", async () => {
    const state: CircuitStateFile = {
      ...stateWith(1, null),
      nodes: {
        ...stateWith(1, null).nodes,
        users: {
          backend: "mock",
          port: 1,
          live: null,
          routing: null,
          escalation: "3 failed probes",
        },
      },
      pending: [
        { route: "POST /v1/swap", body: { node: "orders" } },
        { route: "POST /v1/unslot", body: { node: "orders" } },
        { route: "POST /v1/collapse", body: { keep: [] } },
        { route: "POST /v1/apply", body: { dryRun: false } },
      ],
    };
    const restored: string[] = [];
    const ran: string[] = [];
    const said: string[] = [];
    const handler = (route: string) => (body: unknown) => {
      ran.push(`${route} ${JSON.stringify(body)}`);
      if (route.endsWith("apply")) throw new Error("baton.yaml is invalid");
    };
    await resumeCrashed(
      state,
      { restore: (node, reason) => restored.push(`${node}: ${reason}`) },
      Object.fromEntries(
        ["POST /v1/swap", "POST /v1/unslot", "POST /v1/collapse", "POST /v1/apply"].map((r) => [
          r,
          handler(r),
        ]),
      ),
      (line) => said.push(line),
    );
    expect(restored).toEqual(["users: 3 failed probes"]);
    expect(ran).toEqual(['POST /v1/swap {"node":"orders"}', 'POST /v1/apply {"dryRun":false}']);
    expect(said).toEqual([
      "users is still escalated (3 failed probes): see `baton jobs`",
      "resumed the interrupted POST /v1/swap",
      "could not resume POST /v1/apply: baton.yaml is invalid",
    ]);
  });
});
