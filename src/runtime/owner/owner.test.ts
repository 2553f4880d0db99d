import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { shopCopy } from "../../../test/support/shop-project.js";
import { seededRandom, systemClock } from "../../common/index.js";
import type { CircuitStateFile } from "./circuit-state.js";
import { Owner } from "./owner.js";

describe("Owner", () => {
  it("after a crash, raises the escalations it left again, held for a person", async () => {
    const dir = await shopCopy();
    const crashed: CircuitStateFile = {
      version: 1,
      circuit: "shop",
      running: true,
      ownerId: "1:1",
      level: "full_mock",
      updatedAtMs: 0,
      nodes: {
        users: {
          backend: "mock",
          port: 1,
          live: null,
          routing: "single → mock",
          escalation: "3 failed probes: connect ECONNREFUSED",
        },
      },
    };
    mkdirSync(join(dir, ".baton"), { recursive: true });
    writeFileSync(join(dir, ".baton/state.json"), JSON.stringify(crashed));
    const said: string[] = [];
    const owner = await Owner.start({
      dir,
      clock: systemClock,
      random: seededRandom(1),
      say: (line) => said.push(line),
      portOf: () => 0,
    });
    onTestFinished(() => owner.stop());
    expect(said).toContain(
      "users is still escalated (3 failed probes: connect ECONNREFUSED): see `baton jobs`",
    );
    const users = owner.snapshot().nodes.find((n) => n.name === "users");
    const job = owner.conductor.book.list(false).find((j) => j.kind === "escalation");
    expect(job?.steps[0]?.status).toBe("fermata");
    expect(users?.escalated).toBe(
      `3 failed probes: connect ECONNREFUSED; decide: baton resolve ${job?.id} 1 --decision accept|retry|skip|fail`,
    );
    owner.conductor.resolve(job?.id ?? "", "1", "accept");
    await expect
      .poll(() => owner.snapshot().nodes.find((n) => n.name === "users")?.escalated)
      .toBeNull();
  });
});
