import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APPLY_ROUTE, type ApplyResponse } from "../../src/api/index.js";
import { AdminClient } from "../../src/client/index.js";
import { seededRandom, systemClock } from "../../src/common/index.js";
import { Owner } from "../../src/runtime/index.js";
import { median } from "../report.js";
import { writeChainCircuit } from "../runtime/chain-circuit.js";

// `apply` of a one-node change in a running 50-node circuit, through the admin API as
// `baton apply` sends it: node25's port moves (a new adapter; its mock kept), back and forth.
// Checked each round: every other node keeps its adapter (same port, same request count) and
// a client looping on node0 sees no failure. The peer is what the reference does on apply — a
// reboot of the whole circuit (down, then up of all 50 nodes) — timed in the same run.

const NODES = 50;
const ROUNDS = 5;
const CHANGED = "node25";

export interface ApplyFigures {
  readonly applyMs: number;
  readonly rebootMs: number;
  /** The most nodes whose adapter changed in one round (target 1). */
  readonly touched: number;
  /** Requests to an untouched node that failed while apply ran. */
  readonly failed: number;
  readonly lines: readonly string[];
}

export async function benchApplyOneNode(): Promise<ApplyFigures> {
  const dir = mkdtempSync(join(tmpdir(), "baton-bench-apply-"));
  writeChainCircuit(dir, NODES, 21000);
  const start = () =>
    Owner.start({
      dir,
      clock: systemClock,
      random: seededRandom(3),
      say: () => undefined,
      portOf: () => 0,
    });
  let owner = await start();
  const client = AdminClient.forProject(join(dir, ".baton"), { timeoutMs: 60_000 });
  const file = join(dir, "baton.yaml");
  const applyTimes: number[] = [];
  let touched = 0;
  let failed = 0;
  let served = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const text = readFileSync(file, "utf8");
      const [from, to] = round % 2 === 0 ? [21025, 22025] : [22025, 21025];
      writeFileSync(
        file,
        text.replace(`name: ${CHANGED}, port: ${from}`, `name: ${CHANGED}, port: ${to}`),
      );
      const before = owner.runtime.status();
      const node0 = `http://127.0.0.1:${before[0]?.port}/items/x1`;
      let loading = true;
      const load = (async () => {
        while (loading) {
          const r = await fetch(node0).catch(() => null);
          await r?.arrayBuffer();
          if (r?.status === 200) served++;
          else failed++;
        }
      })();
      const t0 = performance.now();
      const result = await client.call<ApplyResponse>(APPLY_ROUTE, { dryRun: false });
      applyTimes.push(performance.now() - t0);
      loading = false;
      await load;
      if (result.steps.some((s) => !s.name.includes(CHANGED)))
        throw new Error(
          `apply touched more than ${CHANGED}: ${result.steps.map((s) => s.name).join("; ")}`,
        );
      const after = owner.runtime.status();
      const changed = after.filter((n, i) => {
        const b = before[i];
        return b?.port !== n.port || (b.stats?.requests ?? 0) > (n.stats?.requests ?? 0);
      });
      touched = Math.max(touched, changed.length);
    }
    const r0 = performance.now();
    await owner.stop();
    owner = await start();
    const rebootMs = performance.now() - r0;
    const applyMs = median(applyTimes);
    return {
      applyMs,
      rebootMs,
      touched,
      failed,
      lines: [
        `apply of a one-node change (${CHANGED}'s port) in a running ${NODES}-node circuit, ${ROUNDS} rounds through the admin API: median ${applyMs.toFixed(1)} ms (${applyTimes.map((t) => t.toFixed(1)).join(", ")}); nodes whose adapter changed: ${touched} (target 1); a client on node0 during the applies: ${served} served, ${failed} failed`,
        `the reference's apply reboots the circuit: down + up of all ${NODES} nodes took ${rebootMs.toFixed(0)} ms here, ${(rebootMs / applyMs).toFixed(1)}× the apply`,
      ],
    };
  } finally {
    await owner.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
