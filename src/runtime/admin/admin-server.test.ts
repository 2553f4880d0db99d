import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request, type IncomingHttpHeaders, type RequestOptions } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { BatonError } from "../../common/index.js";
import type { StatusResponse } from "../../api/index.js";
import { AdminClient } from "../../client/index.js";
import { AdminServer, type AdminServerOptions } from "./index.js";

const STATUS: StatusResponse = {
  circuit: "shop",
  level: "partial",
  pid: 4242,
  nodes: [
    {
      name: "api",
      role: "ingress",
      protocol: "http",
      host: "127.0.0.1",
      port: 8080,
      backend: "live",
      live: { pid: 4242, port: 9999, command: "node api.js", cwd: "/srv/shop" },
      routing: "single → live",
      health: { status: "healthy", reason: "HTTP 200" },
      escalated: null,
      requests: 10,
      errors: 1,
      requestsPerSecond: 2.5,
      errorsPerSecond: 0,
      p99Ms: 12.5,
    },
  ],
};
const TOKEN = "s3cret-token";

/** A fresh state folder, removed after the test. */
function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "baton-admin-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function server(options: Partial<AdminServerOptions> = {}): AdminServer {
  const admin = new AdminServer({
    handlers: {
      "GET /v1/status": () => STATUS,
      "POST /v1/down": () => Promise.resolve({ stopping: true }),
      "POST /v1/echo": (body) => ({ got: body }),
    },
    ...options,
  });
  onTestFinished(() => admin.close());
  return admin;
}

async function onSocket(options: Partial<AdminServerOptions> = {}): Promise<string> {
  const dir = stateDir();
  await server(options).listenSocket(join(dir, "admin.sock"));
  return dir;
}

interface Raw {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** One request with full control over headers and body; the reply parsed as JSON. */
function raw(where: RequestOptions, body?: string | Buffer): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ agent: false, ...where }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.once("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        }),
      );
    });
    req.once("error", reject);
    req.end(body);
  });
}

describe("AdminServer on the unix socket", () => {
  it("serves status to the client, on a socket file of mode 0600", async () => {
    const dir = await onSocket();
    await expect(AdminClient.forProject(dir).status()).resolves.toEqual(STATUS);
    await expect(AdminClient.forProject(dir).down()).resolves.toEqual({ stopping: true });
    const stat = statSync(join(dir, "admin.sock"));
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it("hands the parsed JSON body to the handler", async () => {
    const dir = await onSocket();
    const client = AdminClient.forProject(dir);
    await expect(client.request("POST", "/v1/echo", { node: "api" })).resolves.toEqual({
      got: { node: "api" },
    });
  });

  it("replaces a socket file left by a server that died, and a stray regular file", async () => {
    const dir = stateDir();
    const path = join(dir, "admin.sock");
    // A process that exits without closing leaves its socket file behind.
    const listen = `require("node:net").createServer().listen(${JSON.stringify(path)}, () => process.exit(0))`;
    expect(spawnSync(process.execPath, ["-e", listen]).status).toBe(0);
    expect(statSync(path).isSocket()).toBe(true);
    const first = server();
    await first.listenSocket(path);
    await expect(AdminClient.forProject(dir).status()).resolves.toEqual(STATUS);
    await first.close();

    writeFileSync(path, "not a socket");
    await server().listenSocket(path);
    await expect(AdminClient.forProject(dir).status()).resolves.toEqual(STATUS);
  });

  it("refuses a socket a live server answers on, which keeps serving", async () => {
    const dir = await onSocket();
    await expect(server().listenSocket(join(dir, "admin.sock"))).rejects.toMatchObject({
      code: "E_OWNER_RUNNING",
    });
    await expect(AdminClient.forProject(dir).status()).resolves.toEqual(STATUS);
  });

  it("streams an operation's progress to a client that asks, and plain JSON to others", async () => {
    const operation: AdminServerOptions["handlers"][string] = async (body, progress) => {
      progress({ step: "start a", event: "started", attempt: 1 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      progress({ step: "start a", event: "completed", attempt: 1 });
      if ((body as { fail?: boolean }).fail === true)
        throw new BatonError("E_STEP_FAILED", "failed at 'start b'");
      return { ok: true };
    };
    const dir = await onSocket({ handlers: { "POST /v1/op": operation } });
    const client = AdminClient.forProject(dir);
    const heard: string[] = [];
    const hear = (p: { step: string; event: string }) => heard.push(`${p.event} ${p.step}`);
    await expect(client.request("POST", "/v1/op", {}, hear)).resolves.toEqual({ ok: true });
    expect(heard).toEqual(["started start a", "completed start a"]);
    await expect(client.request("POST", "/v1/op", { fail: true }, hear)).rejects.toMatchObject({
      code: "E_STEP_FAILED",
      message: "failed at 'start b'",
    });
    expect(heard).toHaveLength(4);
    // Without asking, the same route answers as JSON, with the error's own status.
    await expect(client.request("POST", "/v1/op", {})).resolves.toEqual({ ok: true });
    await expect(client.request("POST", "/v1/op", { fail: true })).rejects.toMatchObject({
      code: "E_STEP_FAILED",
    });
  });

  it("removes the socket file on close", async () => {
    const dir = stateDir();
    const admin = server();
    await admin.listenSocket(join(dir, "admin.sock"));
    await admin.close();
    expect(existsSync(join(dir, "admin.sock"))).toBe(false);
  });

  it("needs no token on the socket, even when one is configured", async () => {
    const dir = await onSocket({ token: TOKEN });
    await expect(AdminClient.forProject(dir).status()).resolves.toEqual(STATUS);
  });
});

describe("AdminServer on TCP", () => {
  it("refuses to listen without a token (fail closed)", async () => {
    await expect(server().listenTcp("127.0.0.1", 0)).rejects.toMatchObject({
      code: "E_CONFIG_INVALID",
    });
    await expect(server({ token: "" }).listenTcp("127.0.0.1", 0)).rejects.toMatchObject({
      code: "E_CONFIG_INVALID",
    });
  });

  it("answers 401 to a missing or wrong token and 200 to the right one", async () => {
    const port = await server({ token: TOKEN }).listenTcp("127.0.0.1", 0);
    const at = { host: "127.0.0.1", port, path: "/v1/status" };
    const missing = await raw(at);
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(missing.body).toMatchObject({ error: { code: "E_USAGE" } });
    for (const authorization of ["Bearer wrong", `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN])
      expect((await raw({ ...at, headers: { authorization } })).status).toBe(401);
    // Unknown paths are hidden behind auth too.
    expect((await raw({ ...at, path: "/v1/nope" })).status).toBe(401);
    expect((await raw({ ...at, headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    await expect(AdminClient.tcp("127.0.0.1", port, TOKEN).status()).resolves.toEqual(STATUS);
    await expect(AdminClient.tcp("127.0.0.1", port, "wrong").status()).rejects.toMatchObject({
      code: "E_USAGE",
      message: "the admin API token is missing or wrong",
    });
  });
});

describe("AdminServer requests", () => {
  async function socketAt(options: Partial<AdminServerOptions> = {}): Promise<RequestOptions> {
    return { socketPath: join(await onSocket(options), "admin.sock") };
  }
  const json = { "content-type": "application/json" };

  it("answers 404 to an unknown path and 405 (with allow) to a wrong method", async () => {
    const at = await socketAt();
    const unknown = await raw({ ...at, path: "/v1/nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: "E_USAGE" } });
    expect(unknown.headers["content-type"]).toBe("application/json; charset=utf-8");
    const wrong = await raw({ ...at, method: "DELETE", path: "/v1/status" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe("GET");
    expect((await raw({ ...at, path: "/v1/status?verbose=1" })).status).toBe(200);
  });

  it("answers 400 to a body that is not JSON, 415 to one without a JSON content type", async () => {
    const at = { ...(await socketAt()), method: "POST", path: "/v1/echo" };
    const bad = await raw({ ...at, headers: json }, "{not json");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "E_USAGE" } });
    expect((await raw({ ...at, headers: { "content-type": "text/plain" } }, "{}")).status).toBe(
      415,
    );
    expect((await raw({ ...at, headers: json }, '{"a":1}')).body).toEqual({ got: { a: 1 } });
  });

  it("answers 413 to a body over the limit, declared or streamed", async () => {
    const at = { ...(await socketAt({ maxBodyBytes: 1024 })), method: "POST", path: "/v1/echo" };
    const big = Buffer.from(JSON.stringify({ pad: "x".repeat(2000) }));
    expect((await raw({ ...at, headers: json }, big)).status).toBe(413);
    const chunked = await raw({ ...at, headers: { ...json, "transfer-encoding": "chunked" } }, big);
    expect(chunked.status).toBe(413);
    expect(chunked.body).toMatchObject({ error: { code: "E_USAGE" } });
    const fits = JSON.stringify({ pad: "x".repeat(900) });
    expect((await raw({ ...at, headers: json }, fits)).status).toBe(200);
  });

  it("answers a handler's BatonError with the status of its code, and the client gets it back", async () => {
    const failing = (error: Error) => () => Promise.reject(error);
    const dir = await onSocket({
      handlers: {
        "GET /v1/node": failing(
          new BatonError("E_NODE_NOT_FOUND", "no node 'api'", { hint: "add it" }),
        ),
        "POST /v1/up": failing(new BatonError("E_OWNER_RUNNING", "already up")),
        "POST /v1/edit": failing(new BatonError("E_CONFIG_INVALID", "bad port")),
        "POST /v1/spawn": failing(new BatonError("E_SPAWN_FAILED", "no cwd")),
      },
    });
    const at = { socketPath: join(dir, "admin.sock") };
    const expected: [string, string, number, string][] = [
      ["GET", "/v1/node", 404, "E_NODE_NOT_FOUND"],
      ["POST", "/v1/up", 409, "E_OWNER_RUNNING"],
      ["POST", "/v1/edit", 400, "E_CONFIG_INVALID"],
      ["POST", "/v1/spawn", 500, "E_SPAWN_FAILED"],
    ];
    for (const [method, path, status, code] of expected) {
      const reply = await raw({ ...at, method, path });
      expect([reply.status, reply.body]).toMatchObject([status, { error: { code } }]);
    }
    await expect(AdminClient.forProject(dir).request("GET", "/v1/node")).rejects.toMatchObject({
      name: "BatonError",
      code: "E_NODE_NOT_FOUND",
      message: "no node 'api'",
      hint: "add it",
    });
  });

  it("answers any other throw with 500 E_INTERNAL and no stack", async () => {
    const at = await socketAt({
      handlers: {
        "GET /v1/status": () => {
          throw new TypeError("cannot read 'nodes'");
        },
      },
    });
    const reply = await raw({ ...at, path: "/v1/status" });
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({
      error: { code: "E_INTERNAL", message: "GET /v1/status failed: cannot read 'nodes'" },
    });
    expect(JSON.stringify(reply.body)).not.toMatch(/admin-server|\n\s+at /);
  });
});
