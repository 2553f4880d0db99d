import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { FakeClock, isBatonError } from "../../common/index.js";
import { ChildService, type ChildServiceOptions, type ServiceLine } from "./child-service.js";
import { CUT_MARKER, MAX_LINE_CHARS } from "./defaults.js";
import { PROGRAM_NOT_FOUND, SPAWN_FAILED } from "./step-error.js";

// Real child processes: small Node scripts in testdata/, run with this very node binary. Each
// test stops its service when it ends, so a failing test leaves no process behind.

const TESTDATA = fileURLToPath(new URL("./testdata", import.meta.url));
const PORT = 45_678;
const NOW_MS = 1_700_000_000_000;

interface Fixture {
  readonly service: ChildService;
  readonly lines: ServiceLine[];
  /** Resolves with the first line (seen already or to come) that `match` accepts. */
  line(match: (line: ServiceLine) => boolean): Promise<ServiceLine>;
  /** The texts of one stream's lines so far. */
  texts(stream: ServiceLine["stream"]): string[];
}

/** Starts `testdata/<script>` as node "api", target "live"; stopped when the test ends. */
async function startFixture(
  script: string,
  args: readonly string[] = [],
  options: Partial<ChildServiceOptions> = {},
): Promise<Fixture> {
  const lines: ServiceLine[] = [];
  const waiting = new Set<{
    match: (l: ServiceLine) => boolean;
    found: (l: ServiceLine) => void;
  }>();
  const service = await ChildService.start({
    node: "api",
    target: "live",
    command: { program: process.execPath, args: [join(TESTDATA, script), ...args] },
    cwd: TESTDATA,
    port: PORT,
    clock: new FakeClock(NOW_MS),
    onLine: (line) => {
      lines.push(line);
      for (const waiter of waiting) {
        if (!waiter.match(line)) continue;
        waiting.delete(waiter);
        waiter.found(line);
      }
    },
    ...options,
  });
  onTestFinished(async () => {
    await service.stop(100);
  });
  return {
    service,
    lines,
    line: (match) =>
      new Promise((found) => {
        const seen = lines.find(match);
        if (seen) found(seen);
        else waiting.add({ match, found });
      }),
    texts: (stream) => lines.filter((l) => l.stream === stream).map((l) => l.text),
  };
}

/** Waits for `ready <pid> <grandchild pid>` from service.js. */
async function ready(fixture: Fixture): Promise<{ pid: number; grandchild: number | undefined }> {
  const { text } = await fixture.line((l) => l.text.startsWith("ready "));
  const [, pid, grandchild] = text.split(" ");
  return { pid: Number(pid), grandchild: grandchild === "-" ? undefined : Number(grandchild) };
}

/** True when no process has this pid, or only a zombie not yet reaped by init. */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

/** Waits until every pid is gone; a SIGKILLed process takes a moment to die. */
async function allGone(...pids: number[]): Promise<void> {
  await vi.waitFor(() => expect(pids.filter((pid) => !gone(pid))).toEqual([]), {
    timeout: 2_000,
    interval: 10,
  });
}

/** The BatonError `ChildService.start` rejects with. */
async function startFailure(options: Partial<ChildServiceOptions>) {
  const error: unknown = await ChildService.start({
    node: "api",
    target: "live",
    command: { program: process.execPath, args: [] },
    cwd: TESTDATA,
    port: PORT,
    ...options,
  }).then(
    async (service) => {
      await service.stop(0);
      return new Error("expected the start to fail");
    },
    (e: unknown) => e,
  );
  if (!isBatonError(error)) throw error;
  return error;
}

describe("ChildService", () => {
  it("tells the service its port in PORT and BATON_SERVICE_PORT, runs in cwd, without a shell", async () => {
    const fixture = await startFixture("env.js", ["a b", "$HOME", "*", "; x"], {
      env: { EXTRA: "yes", PORT: "1", BATON_SERVICE_PORT: "2" },
    });
    expect(fixture.service.pid).toBeGreaterThan(0);
    expect(await fixture.service.exited).toEqual({ code: 0, signal: null });
    expect(fixture.texts("stdout")).toEqual([
      `PORT=${PORT}`,
      `BATON_SERVICE_PORT=${PORT}`,
      "EXTRA=yes",
      `cwd=${TESTDATA}`,
      `args=["a b","$HOME","*","; x"]`,
    ]);
    expect(fixture.service.running).toBe(false);
  });

  it("reads both streams line by line, attributed to node and target, until the last partial line", async () => {
    const fixture = await startFixture("output.js");
    await fixture.service.exited;
    const long = `${"x".repeat(MAX_LINE_CHARS)}${CUT_MARKER}`;
    expect(fixture.texts("stdout")).toEqual([
      "first",
      "second",
      long,
      "after long",
      "partial without newline",
    ]);
    expect(fixture.texts("stderr")).toEqual(["warning: careful"]);
    expect(fixture.lines.find((l) => l.cut)?.text).toBe(long);
    expect(fixture.lines.filter((l) => l.cut)).toHaveLength(1);
    expect(fixture.lines[0]).toEqual({
      stream: "stdout",
      text: "first",
      node: "api",
      target: "live",
      atMs: NOW_MS,
    });
  });

  it("stops a cooperative service with SIGTERM, not forced", async () => {
    const fixture = await startFixture("service.js");
    const { pid } = await ready(fixture);
    expect(pid).toBe(fixture.service.pid);
    expect(fixture.service.running).toBe(true);
    expect(await fixture.service.stop(5_000)).toEqual({ forced: false });
    expect(await fixture.service.exited).toEqual({ code: 0, signal: null });
    expect(fixture.texts("stdout")).toContain("stopping");
    expect(fixture.service.running).toBe(false);
    await allGone(pid);
  });

  it("kills a service and its grandchild that ignore SIGTERM once the grace runs out", async () => {
    const fixture = await startFixture("service.js", ["--ignore-term", "--grandchild"]);
    const { pid, grandchild } = await ready(fixture);
    expect(grandchild).toBeDefined();
    expect(await fixture.service.stop(200)).toEqual({ forced: true });
    expect(await fixture.service.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(fixture.texts("stdout")).toContain("ignoring SIGTERM");
    await allGone(pid, grandchild!);
  });

  it("kills what is left of the group when the service itself stops", async () => {
    // The service quits on SIGTERM; its grandchild ignores it and holds the stderr pipe.
    const fixture = await startFixture("service.js", ["--grandchild"]);
    const { pid, grandchild } = await ready(fixture);
    expect(await fixture.service.stop(5_000)).toEqual({ forced: false });
    await allGone(pid, grandchild!);
  });

  it("reports the exit of a service that crashes by itself, with its last words", async () => {
    const fixture = await startFixture("crash.js", ["code", "3"]);
    expect(await fixture.service.exited).toEqual({ code: 3, signal: null });
    expect(fixture.texts("stderr")).toEqual(["boom"]);
    expect(fixture.service.running).toBe(false);
    // Stopping a service that has already exited resolves at once, as often as asked.
    const first = fixture.service.stop();
    expect(fixture.service.stop()).toBe(first);
    expect(await first).toEqual({ forced: false });
  });

  it("reports the signal that killed a service", async () => {
    const fixture = await startFixture("crash.js", ["signal"]);
    expect(await fixture.service.exited).toEqual({ code: null, signal: "SIGKILL" });
  });

  it("returns the same promise when stop is called twice while stopping", async () => {
    const fixture = await startFixture("service.js");
    await ready(fixture);
    const first = fixture.service.stop(5_000);
    expect(fixture.service.stop(0)).toBe(first);
    expect(await first).toEqual({ forced: false });
  });

  it("fails with an error naming node and program when the program is missing", async () => {
    const error = await startFailure({ command: { program: "/nonexistent/serve", args: [] } });
    expect(error.code).toBe(PROGRAM_NOT_FOUND);
    expect(error.message).toBe(
      'node "api": cannot start the process: the program /nonexistent/serve was not found',
    );
  });

  it("fails with an error naming node and program when the program is not executable", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-child-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "serve.sh");
    await writeFile(file, "#!/bin/sh\n", { mode: 0o644 });
    const error = await startFailure({ command: { program: file, args: [] } });
    expect(error.code).toBe(PROGRAM_NOT_FOUND);
    expect(error.message).toContain(`node "api": cannot start the process: the program ${file}`);
    expect(error.message).toContain("not executable");
    expect(error.hint).toContain("chmod +x");
  });

  it("fails with an error naming the working directory when it does not exist", async () => {
    const error = await startFailure({ cwd: "/nonexistent/dir" });
    expect(error.code).toBe(SPAWN_FAILED);
    expect(error.message).toContain("the working directory /nonexistent/dir does not exist");
  });

  it("refuses a port or grace that makes no sense (programmer errors)", async () => {
    await expect(startFailure({ port: 0 })).rejects.toThrow(TypeError);
    const fixture = await startFixture("crash.js", ["code", "0"]);
    expect(() => fixture.service.stop(-1)).toThrow(TypeError);
  });
});
