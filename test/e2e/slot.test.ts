import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { baton, ROOT, shopCopy } from "../support/shop-project.js";

// `baton slot` end to end: the built CLI, a background owner, a real child service.

const SERVICE = join(ROOT, "src/runtime/circuit/testdata/live-service.js");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Status {
  runtime: { name: string; port: number; backend: string; live: { pid: number } | null }[];
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
    expect(slotted.stdout).toMatch(/✓ switch orders's adapter to the service\norders is live\n$/);
    const status = JSON.parse(baton(dir, "status", "--json").stdout) as Status;
    const orders = status.runtime.find((n) => n.name === "orders");
    expect(orders?.backend).toBe("live");
    const answer = await fetch(`http://127.0.0.1:${orders?.port}/orders/ord_1`);
    expect(await answer.json()).toEqual({ live: true, path: "/orders/ord_1" });

    // The same service does not follow the users contract: refused with the report.
    const refused = baton(dir, "slot", "users", process.execPath, SERVICE);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^error\[E_STEP_FAILED\].*check users against its contract/);
    expect(refused.stderr).toMatch(/does not conform/);
    const after = JSON.parse(baton(dir, "status", "--json").stdout) as Status;
    expect(after.runtime.find((n) => n.name === "users")?.backend).toBe("mock");

    expect(readFileSync(join(dir, ".baton/logs/orders.log"), "utf8")).toMatch(/listening on/);
    const pid = orders?.live?.pid as number;
    expect(alive(pid)).toBe(true);
    expect(baton(dir, "down").status).toBe(0);
    expect(alive(pid)).toBe(false); // no child left running after down
  });
});
