import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { FakeClock } from "../../common/index.js";
import { LOCK_FILE, OwnerLock, type LockRecord } from "./owner-lock.js";
import { systemProcesses, type ProcessTable } from "./process-identity.js";

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "baton-lock-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, ".baton"));
  return join(dir, ".baton");
}

const clock = new FakeClock(1_700_000_000_000);

/** A pid that is certainly not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

function writeLock(dir: string, record: LockRecord): void {
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(record));
}

describe("OwnerLock", () => {
  it("is taken once: a second owner is refused while the first runs, and can take it after release", () => {
    const dir = stateDir();
    const lock = OwnerLock.acquire(dir, { clock });
    expect(lock.replaced).toBeNull();
    const record = JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")) as LockRecord;
    expect(record.pid).toBe(process.pid);
    expect(() => OwnerLock.acquire(dir, { clock })).toThrow(
      expect.objectContaining({ code: "E_OWNER_RUNNING" }),
    );
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    OwnerLock.acquire(dir, { clock }).release();
  });

  it("takes over a lock whose process died", async () => {
    const dir = stateDir();
    OwnerLock.acquire(dir, { clock }).release();
    writeLock(dir, { pid: await deadPid(), startTicks: "1", bootId: null, sinceMs: 0 });
    const lock = OwnerLock.acquire(dir, { clock });
    expect(lock.replaced?.reason).toBe("dead");
    lock.release();
  });

  it("takes over a lock whose pid now belongs to another program, or to an earlier boot", () => {
    const dir = stateDir();
    const me = systemProcesses.lookup(process.pid);
    expect(me?.startTicks).toMatch(/^\d+$/); // Linux: /proc tells when a process started
    if (me === null) return;
    writeLock(dir, { ...me, startTicks: `${me.startTicks}0`, sinceMs: 0 });
    const reused = OwnerLock.acquire(dir, { clock });
    expect(reused.replaced?.reason).toBe("pid-reused");
    reused.release();
    const table: ProcessTable = { lookup: (pid) => ({ pid, startTicks: "5", bootId: "now" }) };
    writeLock(dir, { pid: 4242, startTicks: "5", bootId: "before", sinceMs: 0 });
    const rebooted = OwnerLock.acquire(dir, { clock, processes: table, pid: 4243 });
    expect(rebooted.replaced?.reason).toBe("rebooted");
  });

  it("takes over a lock file that holds no lock record", () => {
    const dir = stateDir();
    OwnerLock.acquire(dir, { clock }).release();
    writeFileSync(join(dir, LOCK_FILE), "not json");
    const lock = OwnerLock.acquire(dir, { clock });
    expect(lock.replaced?.reason).toBe("unreadable");
    lock.release();
  });

  it("never removes another owner's lock on release", () => {
    const dir = stateDir();
    const lock = OwnerLock.acquire(dir, { clock });
    const other: LockRecord = { pid: process.pid, startTicks: null, bootId: null, sinceMs: 1 };
    writeLock(dir, other);
    lock.release();
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8"))).toEqual(other);
  });
});
