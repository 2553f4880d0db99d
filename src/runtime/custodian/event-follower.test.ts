import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import type { CustodianEvent } from "./custodian.js";
import { followEvents } from "./event-follower.js";
import { EventLog } from "./event-log.js";

const event = (atMs: number): CustodianEvent => ({
  atMs,
  node: "orders",
  action: "restart",
  reason: "3 failed probes",
  ok: true,
  detail: "started again",
});

describe("followEvents", () => {
  it("gives the last few events, then each new one, across a rotation and a damaged line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-follow-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const log = new EventLog(dir, 400);
    for (let i = 0; i < 3; i++) log.append(event(i));
    const seen: number[] = [];
    const controller = new AbortController();
    const following = followEvents(log.file, (e) => seen.push(e.atMs), controller.signal, 2);
    await expect.poll(() => seen).toEqual([1, 2]);
    appendFileSync(log.file, "{not json\n");
    for (let i = 3; i < 8; i++) log.append(event(i)); // rotates on the way
    await expect.poll(() => seen.at(-1), { timeout: 3_000 }).toBe(7);
    controller.abort();
    await following;
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
  });
});
