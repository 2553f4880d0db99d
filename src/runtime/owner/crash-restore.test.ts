import { spawn } from "node:child_process";
import { describe, expect, it, onTestFinished } from "vitest";
import type { CircuitStateFile } from "./circuit-state.js";
import { reapLeftovers } from "./crash-restore.js";
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
