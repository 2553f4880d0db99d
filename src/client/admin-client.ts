import { request as httpRequest, type OutgoingHttpHeaders, type RequestOptions } from "node:http";
import { join } from "node:path";
import { BatonError, type ErrorCode } from "../common/index.js";
import {
  ADMIN_SOCKET_FILE,
  DOWN_ROUTE,
  PROGRESS_MEDIA_TYPE,
  STATUS_ROUTE,
  fromErrorBody,
  type AdminRoute,
  type DownResponse,
  type ProgressStreamLine,
  type StatusResponse,
  type StepProgressLine,
} from "../api/index.js";

/** How long a request may take, reply included; an owner answers status in milliseconds. */
export const ADMIN_TIMEOUT_MS = 10_000;

// An owner that does not answer in time runs, but is stuck: commands say so, never pretend
// (as `status` would) that no owner runs.
const NO_OWNER_CODE: ErrorCode = "E_OWNER_NOT_RUNNING";
const UNRESPONSIVE_CODE: ErrorCode = "E_OWNER_UNRESPONSIVE";

export interface AdminClientOptions {
  readonly timeoutMs?: number;
}

type Target =
  | { readonly kind: "socket"; readonly socketPath: string }
  | { readonly kind: "tcp"; readonly host: string; readonly port: number; readonly token: string };

/** Talks to an owner's admin API; every failure comes back as a BatonError. */
export class AdminClient {
  private constructor(
    private readonly target: Target,
    readonly timeoutMs: number,
  ) {}

  /** The client of the owner of the project whose state folder is `stateDir` (its admin.sock). */
  static forProject(stateDir: string, options: AdminClientOptions = {}): AdminClient {
    const socketPath = join(stateDir, ADMIN_SOCKET_FILE);
    return new AdminClient({ kind: "socket", socketPath }, options.timeoutMs ?? ADMIN_TIMEOUT_MS);
  }

  /** A client of a TCP admin listener, authenticated with `token`. */
  static tcp(
    host: string,
    port: number,
    token: string,
    options: AdminClientOptions = {},
  ): AdminClient {
    return new AdminClient(
      { kind: "tcp", host, port, token },
      options.timeoutMs ?? ADMIN_TIMEOUT_MS,
    );
  }

  /** `GET /v1/status`. */
  status(): Promise<StatusResponse> {
    return this.call<StatusResponse>(STATUS_ROUTE);
  }

  /** `POST /v1/down`. */
  down(): Promise<DownResponse> {
    return this.call<DownResponse>(DOWN_ROUTE);
  }

  /**
   * Calls `route`, sending `body` as JSON when given; with `onProgress`, an operation's steps
   * are heard as they happen (PROGRESS_MEDIA_TYPE).
   */
  call<T>(
    route: AdminRoute,
    body?: unknown,
    onProgress?: (line: StepProgressLine) => void,
  ): Promise<T> {
    return this.request<T>(route.method, route.path, body, onProgress);
  }

  /** Sends one request; resolves to the parsed 2xx body, rejects with a BatonError otherwise. */
  request<T>(
    method: AdminRoute["method"],
    path: string,
    body?: unknown,
    onProgress?: (line: StepProgressLine) => void,
  ): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: OutgoingHttpHeaders = {
      accept:
        onProgress === undefined ? "application/json" : `${PROGRESS_MEDIA_TYPE}, application/json`,
    };
    if (payload !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(payload);
    }
    const where: RequestOptions =
      this.target.kind === "socket"
        ? { socketPath: this.target.socketPath }
        : { host: this.target.host, port: this.target.port };
    if (this.target.kind === "tcp") headers["authorization"] = `Bearer ${this.target.token}`;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (error: BatonError | null, value?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error === null) resolve(value as T);
        else reject(error);
      };
      // One connection per request (agent: false): a CLI command makes one call, then exits.
      const req = httpRequest({ ...where, method, path, headers, agent: false }, (res) => {
        res.once("error", (error) => settle(this.#transportError(error)));
        if ((res.headers["content-type"] ?? "").startsWith(PROGRESS_MEDIA_TYPE)) {
          readLines(res, (text) => {
            const line = parseLine(text);
            if (line === null)
              settle(
                new BatonError("E_INTERNAL", "the admin API streamed a line that is not JSON"),
              );
            else if ("progress" in line) onProgress?.(line.progress);
            else if ("result" in line) settle(null, line.result);
            else settle(fromErrorBody(line.status, line));
          });
          res.once("end", () =>
            settle(new BatonError("E_INTERNAL", "the admin API stream ended without a result")),
          );
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.once("end", () => {
          const status = res.statusCode ?? 0;
          let parsed: unknown;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          } catch {
            settle(
              new BatonError("E_INTERNAL", `the admin API answered ${status} with invalid JSON`),
            );
            return;
          }
          if (status >= 200 && status < 300) settle(null, parsed);
          else settle(fromErrorBody(status, parsed));
        });
      });
      const timer = setTimeout(() => {
        settle(
          new BatonError(
            UNRESPONSIVE_CODE,
            `the owner did not answer ${method} ${path} within ${this.timeoutMs} ms`,
            {
              hint: "it may be stuck: see `.baton/owner.log`, or restart it with `baton down` and `baton up`",
            },
          ),
        );
        req.destroy();
      }, this.timeoutMs);
      req.once("error", (error) => settle(this.#transportError(error)));
      req.end(payload);
    });
  }

  /** What a failed connection means to the user. */
  #transportError(error: NodeJS.ErrnoException): BatonError {
    const code = error.code ?? "";
    if (this.target.kind === "socket") {
      const file = this.target.socketPath;
      if (code === "ENOENT" || code === "ECONNREFUSED")
        return new BatonError(NO_OWNER_CODE, "no owner runs for this project", {
          hint: "start one with `baton up`",
          location: { file },
        });
      if (code === "EACCES")
        return new BatonError(NO_OWNER_CODE, `cannot connect to ${file}: permission denied`, {
          hint: "run baton as the user that started the owner",
          location: { file },
        });
    } else if (code === "ECONNREFUSED") {
      return new BatonError(
        NO_OWNER_CODE,
        `no admin API answers on ${this.target.host}:${this.target.port}`,
        {
          hint: "check the address, and that the owner was started with a TCP admin token",
        },
      );
    }
    return new BatonError("E_INTERNAL", `the admin API connection failed: ${error.message}`, {
      hint: "the owner may have crashed; see `.baton/owner.log`",
      cause: error,
    });
  }
}

/** Calls `onLine` with each complete line of `stream` (UTF-8). */
function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line !== "") onLine(line);
  });
}

/** A streamed line, or null when it is not one. */
function parseLine(text: string): ProgressStreamLine | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as ProgressStreamLine) : null;
  } catch {
    return null;
  }
}
