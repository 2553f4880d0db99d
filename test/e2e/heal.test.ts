import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { alive } from "../support/process-alive.js";
import { baton, batonAsync, CLI, editFile, ROOT, shopCopy } from "../support/shop-project.js";
import { systemProcesses } from "../../src/runtime/owner/process-identity.js";

// The custodian end to end: the built CLI, a background owner, a real child killed with -9.

const SERVICE = join(ROOT, "src/runtime/circuit/testdata/live-service.js");

interface Node {
  name: string;
  port: number;
  backend: string;
  live: { pid: number } | null;
  health: { status: string } | null;
}

describe("the custodian", () => {
  it(
    "restarts a live service killed with -9, and traffic is served again",
    { timeout: 40_000 },
    async () => {
      const dir = await shopCopy();
      // Probe every second (every 0.2 s while failing) so the test does not wait for 5 s probes.
      editFile(join(dir, "baton.yaml"), (text) =>
        text.replace("probe_interval_s: 5", "probe_interval_s: 1"),
      );
      expect(baton(dir, "up", "--detach").status).toBe(0);
      onTestFinished(() => {
        baton(dir, "down");
      });
      expect(
        baton(dir, "slot", "orders", process.execPath, SERVICE, "--skip-validate").status,
      ).toBe(0);
      const orders = (): Node | undefined =>
        (JSON.parse(baton(dir, "status", "--json").stdout) as { runtime: Node[] }).runtime.find(
          (n) => n.name === "orders",
        );
      const before = orders();
      const first = before?.live?.pid as number;
      const port = before?.port as number;
      const watch = spawn(process.execPath, [CLI, "watch", "--dir", dir], { stdio: "pipe" });
      onTestFinished(() => {
        watch.kill("SIGKILL");
      });
      let watched = "";
      watch.stdout.on("data", (d: Buffer) => (watched += d.toString()));
      await new Promise((resolve) => watch.stderr.once("data", resolve)); // it is watching
      process.kill(first, "SIGKILL");
      // Traffic meanwhile fails (502, and 503 once the target's breaker opens): the restarted
      // service must not inherit that breaker.
      await expect
        .poll(async () => (await fetch(`http://127.0.0.1:${port}/orders/x`)).status, {
          interval: 10,
        })
        .toBe(502); // the kill has landed
      // Callers see the callee's restart through its adapter's breaker: every request gets an
      // answer (a problem document, no reset or hang), and soon the breaker answers at once.
      const kinds: string[] = [];
      await expect
        .poll(
          async () => {
            const r = await fetch(`http://127.0.0.1:${port}/orders/x`);
            const problem = (await r.json()) as { type: string };
            kinds.push(`${r.status} ${problem.type}`);
            return kinds.at(-1);
          },
          { interval: 5 },
        )
        .toBe("503 urn:baton:problem:breaker-open");
      expect(
        kinds.filter(
          (k) => k !== "502 urn:baton:problem:bad-gateway" && !k.endsWith("breaker-open"),
        ),
      ).toEqual([]);

      await expect
        .poll(() => orders()?.live?.pid, { timeout: 20_000, interval: 250 })
        .not.toBe(first);
      expect(orders()).toMatchObject({ backend: "live", health: { status: "healthy" } });
      const answer = await fetch(`http://127.0.0.1:${orders()?.port}/orders/x`);
      expect(await answer.json()).toEqual({ live: true, path: "/orders/x" });
      expect(alive(first)).toBe(false);

      const events = readFileSync(join(dir, ".baton/events.jsonl"), "utf8").trim().split("\n");
      const event = JSON.parse(events[0] as string) as { reason: string };
      expect(event).toMatchObject({ node: "orders", action: "restart", ok: true });
      expect(event.reason).toMatch(/^3 failed probes: /);
      await expect
        .poll(() => watched, { timeout: 5_000 })
        .toMatch(
          /^\S+Z orders restart \(3 failed probes: .*\): started again \(pid \d+\) \(restart 1\)\n$/,
        );
      const exited = new Promise((resolve) => watch.once("exit", resolve));
      watch.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(readFileSync(join(dir, ".baton/owner.log"), "utf8")).toMatch(
        /custodian: restart orders/,
      );
      // The node's log tells it too, beside its service's lines.
      await expect
        .poll(() => baton(dir, "logs", "--node", "orders").stdout)
        .toMatch(/ orders\/custodian WARN +restart \(3 failed probes: .*\): started again/);
    },
  );

  it("after the owner is killed with -9, up ends the services it left and starts them again, once", async () => {
    const dir = await shopCopy();
    expect(baton(dir, "up", "--detach").status).toBe(0);
    onTestFinished(() => {
      baton(dir, "down");
    });
    expect(baton(dir, "slot", "orders", process.execPath, SERVICE, "--skip-validate").status).toBe(
      0,
    );
    const status = () =>
      JSON.parse(baton(dir, "status", "--json").stdout) as { pid: number; runtime: Node[] };
    const before = status();
    const child = before.runtime.find((n) => n.name === "orders")?.live?.pid as number;
    process.kill(before.pid, "SIGKILL");
    await expect.poll(() => alive(before.pid)).toBe(false);
    expect(alive(child)).toBe(true); // its own process group: it outlives the owner

    const again = baton(dir, "up", "--detach");
    expect(again.status).toBe(0);
    const log = readFileSync(join(dir, ".baton/owner.log"), "utf8");
    expect(log).toMatch(/took over a stale lock/);
    expect(log).toContain(`ended services the previous owner left running (pids ${child})`);
    expect(log).toMatch(/restored orders: /);
    expect(alive(child)).toBe(false);
    const orders = status().runtime.find((n) => n.name === "orders");
    expect(orders?.backend).toBe("live");
    expect(orders?.live?.pid).not.toBe(child);
    const answer = await fetch(`http://127.0.0.1:${orders?.port}/orders/x`);
    expect(await answer.json()).toEqual({ live: true, path: "/orders/x" });

    // A clean down is not a crash: the next up starts fully mocked.
    expect(baton(dir, "down").status).toBe(0);
    expect(baton(dir, "up", "--detach").status).toBe(0);
    expect(status().runtime.find((n) => n.name === "orders")?.backend).toBe("mock");
  });
});

describe("the custodian with a service that keeps failing", () => {
  it(
    "restarts it with growing intervals, then puts the node on its mock",
    { timeout: 60_000 },
    async () => {
      const dir = await shopCopy();
      editFile(join(dir, "baton.yaml"), (text) =>
        text
          .replace("probe_interval_s: 5", "probe_interval_s: 2")
          .replace("failure_threshold: 3", "failure_threshold: 1")
          .replace("replace_threshold: 6", "replace_threshold: 40")
          .replace("restart_backoff_initial_s: 10", "restart_backoff_initial_s: 1.5"),
      );
      expect(baton(dir, "up", "--detach").status).toBe(0);
      onTestFinished(() => {
        baton(dir, "down");
      });
      const flap = [process.execPath, SERVICE, "flap", "--skip-validate"];
      expect(baton(dir, "slot", "orders", ...flap).status).toBe(0);
      const events = () =>
        readFileSync(join(dir, ".baton/events.jsonl"), "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as { atMs: number; action: string; node: string });
      await expect
        .poll(() => events().at(-1)?.action, { timeout: 45_000, interval: 250 })
        .toBe("replace_with_mock");
      const restarts = events().filter((e) => e.action === "restart");
      expect(restarts.length).toBeGreaterThanOrEqual(4);
      const gaps = restarts.slice(1).map((e, i) => e.atMs - (restarts[i]?.atMs ?? 0));
      // The backoff doubles, jittered down to half: two doublings later it is longer for sure.
      expect(gaps[2], `gaps ${gaps.join(", ")} ms`).toBeGreaterThan(gaps[0] ?? 0);
      const status = JSON.parse(baton(dir, "status", "--json").stdout) as { runtime: Node[] };
      expect(status.runtime.find((n) => n.name === "orders")).toMatchObject({
        backend: "mock",
        live: null,
        health: { status: "healthy" },
      });
    },
  );
});

describe("crash-restore", () => {
  it("after the owner is killed with -9 mid-swap, up ends both services and runs the swap again", async () => {
    const dir = await shopCopy();
    expect(baton(dir, "up", "--detach").status).toBe(0);
    onTestFinished(() => {
      baton(dir, "down");
    });
    expect(
      baton(dir, "slot", "orders", process.execPath, SERVICE, "old", "--skip-validate").status,
    ).toBe(0);
    const status = () =>
      JSON.parse(baton(dir, "status", "--json").stdout) as { pid: number; runtime: Node[] };
    const before = status();
    const old = before.runtime.find((n) => n.name === "orders")?.live?.pid as number;
    const state = () =>
      JSON.parse(readFileSync(join(dir, ".baton/state.json"), "utf8")) as {
        ownerId: string;
        pending?: { route: string }[];
      };
    const { ownerId } = state();
    const marked = (id: string) => systemProcesses.marked?.(`BATON_OWNER_ID=${id}`) ?? [];
    // The new service takes 3 s to listen: the owner dies while it waits for its health.
    const swap = batonAsync(
      dir,
      "swap",
      "orders",
      process.execPath,
      SERVICE,
      "slow-start-new",
      "--skip-validate",
    );
    await expect.poll(() => marked(ownerId).length, { timeout: 10_000 }).toBe(2);
    expect(state().pending?.map((p) => p.route)).toEqual(["POST /v1/swap"]);
    const started = marked(ownerId).find((pid) => pid !== old) as number;
    process.kill(before.pid, "SIGKILL");
    expect((await swap).status).not.toBe(0);

    expect(baton(dir, "up", "--detach").status).toBe(0);
    const log = readFileSync(join(dir, ".baton/owner.log"), "utf8");
    expect(log).toContain("ended services the previous owner left running");
    expect(log).toContain("resumed the interrupted POST /v1/swap");
    expect([alive(old), alive(started)]).toEqual([false, false]);
    const orders = status().runtime.find((n) => n.name === "orders");
    const answer = await fetch(`http://127.0.0.1:${orders?.port}/orders/x`);
    expect(await answer.json()).toEqual({ live: true, path: "/orders/x", tag: "slow-start-new" });
    // Nothing started twice: the new owner runs one service, and nothing is left pending.
    expect(marked(state().ownerId)).toEqual([orders?.live?.pid]);
    expect(state().pending).toBeUndefined();
  });
});
