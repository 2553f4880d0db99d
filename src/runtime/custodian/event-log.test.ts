import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { EventLog } from "./event-log.js";

describe("EventLog", () => {
  it("appends one JSON line per event and rotates by size, keeping three files", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-events-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const log = new EventLog(dir, 300);
    for (let i = 0; i < 20; i++)
      log.append({
        atMs: i,
        node: "orders",
        action: "restart",
        reason: "r",
        ok: true,
        detail: "d",
      });
    expect(readdirSync(dir).sort()).toEqual(["events.1.jsonl", "events.2.jsonl", "events.jsonl"]);
    const last = readFileSync(join(dir, "events.jsonl"), "utf8").trim().split("\n");
    expect(JSON.parse(last.at(-1) as string)).toMatchObject({ atMs: 19, action: "restart" });
  });
});
