import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { BatonError, isBatonError } from "../../common/index.js";
import {
  ADMIN_STATUS,
  PROGRESS_MEDIA_TYPE,
  statusOfCode,
  toErrorBody,
  type ProgressStreamLine,
  type StepProgressLine,
} from "../../api/index.js";
import { bearerMatches } from "./bearer-token.js";
import { HttpRefusal } from "./http-refusal.js";
import { readJsonBody } from "./read-json-body.js";
import { clearStaleSocket, listenPrivate, removeSocketFile } from "./socket-file.js";

/** Largest request body taken: admin requests are small commands, never uploads. */
export const ADMIN_MAX_BODY_BYTES = 64 * 1024;
/** Time to receive a whole request; Node's default (300 s) lets slow clients hold sockets. */
export const ADMIN_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Serves one route; gets the parsed JSON body (undefined when none) and returns the response
 * (a value or a Promise of one). `progress` streams a step's progress to a client that asked
 * for it (PROGRESS_MEDIA_TYPE); for others it does nothing.
 */
export type AdminHandler = (body: unknown, progress: (line: StepProgressLine) => void) => unknown;

export interface AdminServerOptions {
  /** Keyed by `"<METHOD> <path>"`, e.g. `"GET /v1/status"` (see `routeKey` in api/). */
  readonly handlers: Readonly<Record<string, AdminHandler>>;
  /** The bearer token TCP clients must send; without one, TCP is refused (fail closed). */
  readonly token?: string | null;
  readonly maxBodyBytes?: number;
}

/**
 * The admin API's HTTP transport: JSON in, JSON out, on the project's unix socket (trusted by
 * its file mode) and, only with a token, on TCP. The handlers are the owner's; this class
 * knows routing, limits, auth and the error wire form, nothing of circuits.
 */
export class AdminServer {
  readonly #handlers: Readonly<Record<string, AdminHandler>>;
  readonly #token: string | null;
  readonly #maxBodyBytes: number;
  readonly #servers: Server[] = [];
  #socket: { readonly path: string; readonly ino: number } | null = null;

  constructor(options: AdminServerOptions) {
    this.#handlers = options.handlers;
    this.#token = options.token ?? null;
    this.#maxBodyBytes = options.maxBodyBytes ?? ADMIN_MAX_BODY_BYTES;
  }

  /** Listens on the unix socket at `path` (mode 0600), replacing a stale file, never a live one. */
  async listenSocket(path: string): Promise<void> {
    if (this.#socket !== null) throw new TypeError(`already listening on ${this.#socket.path}`);
    await clearStaleSocket(path);
    const server = this.#createServer(true);
    const ino = await listenPrivate(server, path);
    this.#servers.push(server);
    this.#socket = { path, ino };
  }

  /** Listens on TCP and resolves to the port bound; refuses without a token (fail closed). */
  async listenTcp(host: string, port: number): Promise<number> {
    if (this.#token === null || this.#token === "")
      throw new BatonError("E_CONFIG_INVALID", "the TCP admin API needs a token; it stays off", {
        hint: "set an admin token to listen on TCP, or use the project's admin.sock",
      });
    const server = this.#createServer(false);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    }).catch((error: Error) => {
      throw new BatonError(
        "E_CONFIG_INVALID",
        `cannot listen on ${host}:${port}: ${error.message}`,
        {
          hint: "choose another admin address or port",
        },
      );
    });
    this.#servers.push(server);
    const address = server.address();
    return typeof address === "object" && address !== null ? address.port : port;
  }

  /** Stops every listener (waiting for requests in flight) and removes the socket file. */
  async close(): Promise<void> {
    const servers = this.#servers.splice(0);
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          }),
      ),
    );
    if (this.#socket !== null) removeSocketFile(this.#socket.path, this.#socket.ino);
    this.#socket = null;
  }

  #createServer(trusted: boolean): Server {
    const server = createServer((request, response) => {
      void this.#serve(request, response, trusted);
    });
    server.requestTimeout = ADMIN_REQUEST_TIMEOUT_MS;
    return server;
  }

  async #serve(
    request: IncomingMessage,
    response: ServerResponse,
    trusted: boolean,
  ): Promise<void> {
    const method = request.method ?? "";
    const path = (request.url ?? "").split("?")[0] ?? "";
    try {
      if (!trusted && !bearerMatches(request.headers.authorization, this.#token ?? ""))
        throw new HttpRefusal(
          ADMIN_STATUS.UNAUTHORIZED,
          new BatonError("E_USAGE", "the admin API token is missing or wrong", {
            hint: "send `authorization: Bearer <token>` with the token the owner was given",
          }),
          { "www-authenticate": 'Bearer realm="baton"' },
        );
      const handler = this.#route(method, path);
      const body = await readJsonBody(request, this.#maxBodyBytes);
      const streams = (request.headers.accept ?? "").includes(PROGRESS_MEDIA_TYPE);
      const progress = streams
        ? (line: StepProgressLine) => sendLine(response, { progress: line })
        : () => undefined;
      const result: unknown = await handler(body, progress);
      if (response.headersSent) sendLine(response, { result: result ?? null }, true);
      else send(response, ADMIN_STATUS.OK, result ?? null);
    } catch (error) {
      if (error instanceof HttpRefusal) {
        send(response, error.status, toErrorBody(error.error, ""), error.headers);
      } else {
        const status = isBatonError(error) ? statusOfCode(error.code) : ADMIN_STATUS.INTERNAL;
        const wire = toErrorBody(error, `${method} ${path}`);
        // Mid-stream, the status went out as 200: the last line carries the real one.
        if (response.headersSent) sendLine(response, { ...wire, status }, true);
        else send(response, status, wire);
      }
    }
  }

  /** The handler for `method path`; a 404 when no method has the path, a 405 when others do. */
  #route(method: string, path: string): AdminHandler {
    const handler = Object.hasOwn(this.#handlers, `${method} ${path}`)
      ? this.#handlers[`${method} ${path}`]
      : undefined;
    if (handler !== undefined) return handler;
    const allowed = Object.keys(this.#handlers)
      .map((key) => key.split(" "))
      .filter(([, keyPath]) => keyPath === path)
      .map(([keyMethod]) => keyMethod ?? "");
    if (allowed.length === 0)
      throw new HttpRefusal(
        ADMIN_STATUS.NOT_FOUND,
        new BatonError("E_USAGE", `the admin API has no path ${path.slice(0, 200)}`, {
          hint: "the owner may run an older Baton than this command; restart it with this version",
        }),
      );
    throw new HttpRefusal(
      ADMIN_STATUS.METHOD_NOT_ALLOWED,
      new BatonError("E_USAGE", `${path} takes ${allowed.join(", ")}`),
      { allow: allowed.join(", ") },
    );
  }
}

/** One line of a streamed answer (the head goes out with the first); `last` ends it. */
function sendLine(response: ServerResponse, line: ProgressStreamLine, last = false): void {
  if (response.destroyed) return;
  if (!response.headersSent)
    response.writeHead(ADMIN_STATUS.OK, {
      "content-type": `${PROGRESS_MEDIA_TYPE}; charset=utf-8`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
  const text = `${JSON.stringify(line)}\n`;
  if (last) response.end(text);
  else response.write(text);
}

/** Sends `value` as JSON. Errors close the connection: their request body may be unread. */
function send(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const text = JSON.stringify(value);
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...(status >= 400 ? { connection: "close" } : {}),
  });
  response.end(text);
}
