import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type RequestListener } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { ADMIN_TIMEOUT_MS, AdminClient } from "./index.js";

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "baton-client-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A bare HTTP server on 127.0.0.1 standing in for the owner; resolves to its port. */
async function fakeOwner(listener: RequestListener): Promise<number> {
  const server = createServer(listener);
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return typeof address === "object" && address !== null ? address.port : 0;
}

/** A fake owner that always answers `status` with `body`. */
function answering(status: number, body: string): Promise<number> {
  return fakeOwner((_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  });
}

const NO_OWNER = {
  name: "BatonError",
  code: "E_OWNER_NOT_RUNNING",
  message: "no owner runs for this project",
  hint: "start one with `baton up`",
};

describe("AdminClient", () => {
  it("says no owner runs when the project has no admin.sock", async () => {
    await expect(AdminClient.forProject(stateDir()).status()).rejects.toMatchObject(NO_OWNER);
  });

  it("says no owner runs when nothing listens on the admin.sock left behind", async () => {
    const dir = stateDir();
    writeFileSync(join(dir, "admin.sock"), "");
    await expect(AdminClient.forProject(dir).status()).rejects.toMatchObject(NO_OWNER);
  });

  it("says what is wrong when nothing listens on a TCP address", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve)); // the port is free again
    await expect(AdminClient.tcp("127.0.0.1", port, "t").status()).rejects.toMatchObject({
      code: "E_OWNER_NOT_RUNNING",
      message: `no admin API answers on 127.0.0.1:${port}`,
    });
  });

  it("sends the bearer token, and JSON with its content type", async () => {
    let seen: { headers: IncomingHttpHeaders; method?: string; url?: string; body: string } | null =
      null;
    const port = await fakeOwner((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        seen = { headers: req.headers, method: req.method, url: req.url, body };
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"ok":true}');
      });
    });
    const client = AdminClient.tcp("127.0.0.1", port, "tok");
    await expect(client.request("POST", "/v1/x", { a: 1 })).resolves.toEqual({ ok: true });
    expect(seen).toMatchObject({
      method: "POST",
      url: "/v1/x",
      body: '{"a":1}',
      headers: { authorization: "Bearer tok", "content-type": "application/json" },
    });
  });

  it("turns an error body into the BatonError it names", async () => {
    const port = await answering(
      404,
      JSON.stringify({ error: { code: "E_NODE_NOT_FOUND", message: "no node 'db'", hint: "h" } }),
    );
    await expect(AdminClient.tcp("127.0.0.1", port, "t").status()).rejects.toMatchObject({
      name: "BatonError",
      code: "E_NODE_NOT_FOUND",
      message: "no node 'db'",
      hint: "h",
    });
  });

  it("turns unknown codes and replies that are not JSON into E_INTERNAL", async () => {
    const future = await answering(500, JSON.stringify({ error: { code: "E_NEW", message: "m" } }));
    await expect(AdminClient.tcp("127.0.0.1", future, "t").status()).rejects.toMatchObject({
      code: "E_INTERNAL",
    });
    const html = await answering(502, "<html>bad gateway</html>");
    await expect(AdminClient.tcp("127.0.0.1", html, "t").status()).rejects.toMatchObject({
      code: "E_INTERNAL",
      message: "the admin API answered 502 with invalid JSON",
    });
  });

  it("gives up after the timeout with a clear error", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => void vi.useRealTimers());
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const port = await fakeOwner(() => arrived()); // never answers
    let done = false;
    const reply = AdminClient.tcp("127.0.0.1", port, "t")
      .status()
      .finally(() => (done = true));
    await arrival;
    vi.advanceTimersByTime(ADMIN_TIMEOUT_MS - 1);
    await Promise.resolve();
    expect(done).toBe(false);
    vi.advanceTimersByTime(1);
    await expect(reply).rejects.toMatchObject({
      code: "E_OWNER_UNRESPONSIVE",
      message: `the owner did not answer GET /v1/status within ${ADMIN_TIMEOUT_MS} ms`,
    });
  });
});
