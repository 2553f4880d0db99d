import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it, onTestFinished } from "vitest";
import { AdminClient } from "../../src/client/index.js";
import { freePort } from "../support/net-fixtures.js";
import { baton, CLI, shopCopy } from "../support/shop-project.js";

// `baton up` / `status` / `down` end to end: the built CLI, a real owner process, the shop
// example copied to a temporary folder with ports the OS says are free.

/** Starts `baton up` and resolves once it says the circuit is up (with its output so far). */
async function up(dir: string): Promise<{ child: ChildProcess; out: string[] }> {
  const child = spawn(process.execPath, [CLI, "up", "--dir", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  onTestFinished(() => {
    child.kill("SIGKILL");
  });
  const out: string[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    out.push(line);
    if (line.startsWith("Ctrl-C")) return { child, out };
  }
  throw new Error(`baton up ended early: ${out.join("\n")}`);
}

describe("baton up / status / down", () => {
  it("boots the shop fully mocked, reports it, refuses a second owner, and stops cleanly", async () => {
    const dir = await shopCopy();
    const { child, out } = await up(dir);
    const gateway = /gateway\s+ingress\s+(http:\/\/\S+)\s+mock/.exec(out.join("\n"))?.[1];
    expect(gateway).toBeDefined();
    const health = await fetch(`${gateway}/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get("x-baton-served-by")).toBe("gateway/mock");

    const socket = join(dir, ".baton/admin.sock");
    const state = () =>
      JSON.parse(readFileSync(join(dir, ".baton/state.json"), "utf8")) as {
        running: boolean;
        level: string;
        nodes: Record<string, { backend: string }>;
      };
    expect(state()).toMatchObject({
      running: true,
      level: "full_mock",
      nodes: { gateway: { backend: "mock" } },
    });
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    const status = baton(dir, "status", "--json");
    expect(status.status).toBe(0);
    const report = JSON.parse(status.stdout) as {
      running: boolean;
      level: string;
      runtime: { name: string; backend: string; requests: number }[];
    };
    expect([report.running, report.level]).toEqual([true, "full_mock"]);
    expect(report.runtime.find((n) => n.name === "gateway")).toMatchObject({
      backend: "mock",
      requests: 1,
    });

    const second = baton(dir, "up");
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/^error\[E_OWNER_RUNNING\]/);

    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    const down = baton(dir, "down");
    expect([down.status, down.stdout]).toEqual([0, "stopping…\nthe circuit is down\n"]);
    expect(await exited).toBe(0);
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(join(dir, ".baton/owner.lock"))).toBe(false);
    expect(state()).toMatchObject({ running: false, nodes: { gateway: { backend: "mock" } } });
    await expect(fetch(`${gateway}/health`)).rejects.toThrow();
    expect(baton(dir, "down").stderr).toMatch(/^error\[E_OWNER_NOT_RUNNING\]/);
  });

  it("replaces the stale lock of an owner that was killed, and stops on SIGINT", async () => {
    const dir = await shopCopy();
    const first = await up(dir);
    const died = new Promise((r) => first.child.once("exit", r));
    first.child.kill("SIGKILL"); // no cleanup: the lock and the socket stay behind
    await died;
    expect(existsSync(join(dir, ".baton/owner.lock"))).toBe(true);
    const second = await up(dir);
    expect(second.out.join("\n")).toMatch(/took over a stale lock \(dead\)/);
    const exited = new Promise<number | null>((r) => second.child.once("exit", (code) => r(code)));
    second.child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, ".baton/owner.lock"))).toBe(false);
  });

  it("stops cleanly on a Ctrl-C that comes while the circuit is still coming up", async () => {
    const dir = await shopCopy();
    const child = spawn(process.execPath, [CLI, "up", "--dir", dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    onTestFinished(() => {
      child.kill("SIGKILL");
    });
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    const out: string[] = [];
    for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
      out.push(line);
      if (line.includes("✓ start the mock of")) {
        child.kill("SIGINT"); // mid-boot: the first step has ended, the rest has not
        break;
      }
    }
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, ".baton/owner.lock"))).toBe(false);
    expect(existsSync(join(dir, ".baton/admin.sock"))).toBe(false);
  });

  it("runs in the background with --detach, logging to .baton/owner.log", async () => {
    const dir = await shopCopy();
    const started = baton(dir, "up", "--detach");
    onTestFinished(() => {
      baton(dir, "down"); // never leave a background owner behind, whatever failed
    });
    expect(started.stderr).toBe("");
    expect(started.status).toBe(0);
    const gateway = /gateway\s+ingress\s+(http:\/\/\S+)\s+mock/.exec(started.stdout)?.[1];
    expect((await fetch(`${gateway}/health`)).status).toBe(200);
    expect(readFileSync(join(dir, ".baton/owner.log"), "utf8")).toMatch(/Circuit shop is up/);
    const again = baton(dir, "up", "--detach");
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/E_OWNER_RUNNING/);
    expect(baton(dir, "down").status).toBe(0);
    expect(existsSync(join(dir, ".baton/owner.lock"))).toBe(false);
  });

  it("serves the admin API on TCP only with its token, and refuses to start without one", async () => {
    const dir = await shopCopy();
    const port = await freePort();
    const file = join(dir, "baton.yaml");
    writeFileSync(
      file,
      `${readFileSync(file, "utf8")}\nsecurity:\n  control:\n    auth: true\n    token_env: SHOP_ADMIN_TOKEN\n    listen: 127.0.0.1:${port}\n`,
    );
    const run = (env: Record<string, string>, ...args: string[]) =>
      spawnSync(process.execPath, [CLI, ...args, "--dir", dir], {
        encoding: "utf8",
        cwd: dir,
        env: { ...process.env, ...env },
      });
    const refused = run({ SHOP_ADMIN_TOKEN: "short" }, "up");
    expect([refused.status, refused.stderr]).toEqual([
      1,
      expect.stringMatching(
        /^error\[E_CONFIG_INVALID\] security\.control\.listen is set but \$SHOP_ADMIN_TOKEN/,
      ),
    ]);
    expect(existsSync(join(dir, ".baton/owner.lock"))).toBe(false);

    const token = "a-long-enough-admin-token";
    expect(run({ SHOP_ADMIN_TOKEN: token }, "up", "--detach").status).toBe(0);
    onTestFinished(() => {
      baton(dir, "down");
    });
    await expect(AdminClient.tcp("127.0.0.1", port, token).status()).resolves.toMatchObject({
      circuit: "shop",
    });
    await expect(AdminClient.tcp("127.0.0.1", port, "wrong").status()).rejects.toMatchObject({
      code: "E_USAGE",
    });
  });
});
