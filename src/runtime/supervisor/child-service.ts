import { spawn, type ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import { systemClock, type Clock } from "../../common/index.js";
import { EXIT_DRAIN_MS, STOP_GRACE_MS } from "./defaults.js";
import { LineSplitter } from "./line-splitter.js";
import { spawnError } from "./spawn-error.js";
import { signalGroup } from "./signal-group.js";

/** One line a live service wrote, attributed to its node and target. */
export interface ServiceLine {
  readonly stream: "stdout" | "stderr";
  /** The line without its newline and trailing `\r`. */
  readonly text: string;
  readonly node: string;
  readonly target: string;
  /** Wall-clock epoch ms when the line was read. */
  readonly atMs: number;
  /** Set when the line was longer than MAX_LINE_CHARS: `text` is its start plus CUT_MARKER. */
  readonly cut?: true;
}

/** How the service's process ended: an exit code, or the signal that ended it. */
export interface ServiceExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface ChildServiceOptions {
  readonly node: string;
  /** What runs for the node (e.g. `live`); carried into every line. */
  readonly target: string;
  /** Run as is, without a shell; resolve the program first (resolveProgram) for clear errors. */
  readonly command: { readonly program: string; readonly args: readonly string[] };
  readonly cwd: string;
  /** The port the service must listen on, given to it as PORT and BATON_SERVICE_PORT. */
  readonly port: number;
  /** Added to this process's environment; PORT and BATON_SERVICE_PORT always win. */
  readonly env?: Readonly<Record<string, string>>;
  readonly clock?: Clock;
  /** Called synchronously for each line of output; must not throw. */
  readonly onLine?: (line: ServiceLine) => void;
}

/**
 * A live service's process, in its own process group (so a stop reaches every process it
 * started), with stdout and stderr read line by line. When the service's own process exits,
 * whatever is left of its group is killed, as Docker kills a container's processes when its
 * PID 1 exits: nothing a service started outlives it, and its port is free for the next start.
 */
export class ChildService {
  readonly node: string;
  readonly target: string;
  readonly port: number;
  /** The process id, also the id of its process group. */
  readonly pid: number;
  /** Resolves (never rejects) once the process has exited and its output has been read. */
  readonly exited: Promise<ServiceExit>;
  private exitStatus: ServiceExit | undefined;
  /** Resolves as soon as the process has exited, before its output is drained. */
  private readonly exitSeen: Promise<void>;
  private stopping: Promise<{ forced: boolean }> | undefined;

  /** Spawns the service and resolves once it runs; rejects with a BatonError naming node and program. */
  static async start(options: ChildServiceOptions): Promise<ChildService> {
    const { port } = options;
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new TypeError(`port must be an integer from 1 to 65535, got ${port}`);
    }
    const env = {
      ...process.env,
      ...options.env,
      PORT: String(port),
      BATON_SERVICE_PORT: String(port),
    };
    let child: ChildProcess;
    try {
      child = spawn(options.command.program, options.command.args, {
        cwd: options.cwd,
        env,
        shell: false,
        detached: true, // setsid(): its own session and process group, led by the child
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      // Spawn throws (rather than emits) for the rarer OS errors, and for bad arguments.
      if (typeof (error as NodeJS.ErrnoException).errno !== "number") throw error;
      throw await spawnError(error as NodeJS.ErrnoException, options);
    }
    const spawned = new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    try {
      await spawned;
    } catch (error) {
      throw await spawnError(error as NodeJS.ErrnoException, options);
    }
    return new ChildService(child, options);
  }

  private constructor(child: ChildProcess, options: ChildServiceOptions) {
    this.node = options.node;
    this.target = options.target;
    this.port = options.port;
    this.pid = child.pid!;
    // After spawn, errors come only from signalling through `child`, which this class never does.
    child.on("error", () => undefined);
    const clock = options.clock ?? systemClock;
    const splitters = (["stdout", "stderr"] as const).map((stream) => {
      const splitter = new LineSplitter((text, cut) =>
        options.onLine?.({
          stream,
          text,
          node: this.node,
          target: this.target,
          atMs: clock.nowMs(),
          ...(cut ? { cut } : {}),
        }),
      );
      // Always read, even with no onLine: a full pipe would block the service.
      const readable = child[stream] as Readable;
      readable.setEncoding("utf8");
      readable.on("data", (chunk: string) => splitter.push(chunk));
      readable.on("end", () => splitter.end());
      return { splitter, readable };
    });
    let seen: () => void = () => undefined;
    this.exitSeen = new Promise((resolve) => (seen = resolve));
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        const status = { code, signal };
        this.exitStatus = status;
        seen();
        this.signalGroup("SIGKILL"); // the leftovers; usually there are none
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          for (const { splitter, readable } of splitters) {
            splitter.end();
            readable.destroy();
          }
          resolve(status);
        };
        // Only a process that left the group (setsid) can still hold the pipes open.
        const timer = setTimeout(finish, EXIT_DRAIN_MS);
        child.once("close", finish);
      });
    });
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.exitStatus === undefined;
  }

  /**
   * Sends SIGTERM to the whole process group, then SIGKILL after `graceMs`; resolves once the
   * process has exited, `forced` when SIGKILL was needed. Calling it again returns the same
   * promise; for a process that already exited it signals nothing and resolves at once.
   */
  stop(graceMs = STOP_GRACE_MS): Promise<{ forced: boolean }> {
    if (!(graceMs >= 0) || !Number.isFinite(graceMs)) {
      throw new TypeError(`graceMs must be a finite number ≥ 0, got ${graceMs}`);
    }
    this.stopping ??= this.terminate(graceMs);
    return this.stopping;
  }

  private async terminate(graceMs: number): Promise<{ forced: boolean }> {
    if (this.exitStatus !== undefined) {
      await this.exited;
      return { forced: false };
    }
    let forced = false;
    this.signalGroup("SIGTERM");
    const timer = setTimeout(() => {
      forced = true;
      this.signalGroup("SIGKILL");
    }, graceMs);
    await this.exitSeen;
    clearTimeout(timer);
    await this.exited;
    return { forced };
  }

  private signalGroup(signal: NodeJS.Signals): void {
    signalGroup(this.pid, signal);
  }
}
