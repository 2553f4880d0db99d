import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { ContractDocument, listOperations } from "../../contract/index.js";
import { formatReport, validateService } from "./index.js";

const SHOP = resolve(import.meta.dirname, "../../../examples/shop/contracts/orders.yaml");

function contract(yaml: string): ContractDocument {
  const dir = mkdtempSync(join(tmpdir(), "baton-slot-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "contract.yaml");
  writeFileSync(file, yaml);
  return ContractDocument.load(file);
}

interface Service {
  readonly base: { host: string; port: number };
  /** "METHOD /path?query" of every request, in order. */
  readonly seen: string[];
  readonly headers: IncomingMessage["headers"][];
}

async function serve(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Service> {
  const seen: string[] = [];
  const headers: IncomingMessage["headers"][] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    headers.push(req.headers);
    handle(req, res);
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  });
  return {
    base: { host: "127.0.0.1", port: (server.address() as AddressInfo).port },
    seen,
    headers,
  };
}

function json(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  res.writeHead(status, { "content-type": type }).end(JSON.stringify(body));
}

const ITEMS = `openapi: 3.0.3
info: { title: items, version: "1" }
paths:
  /items/{itemId}:
    get:
      parameters:
        - { name: itemId, in: path, required: true, schema: { type: string }, example: it_9 }
      responses:
        "200":
          description: one item
          content:
            application/json:
              schema:
                type: object
                required: [id, price]
                properties:
                  id: { type: string }
                  price: { type: integer, minimum: 0 }
        "404": { description: no such item }
  /items:
    post:
      responses:
        "201": { description: created }
`;

describe("validateService", () => {
  it("passes the shop's orders contract against a service answering from its examples, calling no POST", async () => {
    const doc = ContractDocument.load(SHOP);
    const routes = listOperations(doc)
      .filter((op) => op.method === "GET")
      .map((op) => {
        const ok = op.responses.find((r) => r.status.startsWith("2"));
        const [type, media] = [...(ok?.content ?? [])][0] ?? [];
        return {
          pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
          status: Number(ok?.status),
          type: type ?? "application/json",
          body: [...(media?.examples.values() ?? [])][0],
        };
      });
    const service = await serve((req, res) => {
      const path = (req.url ?? "").split("?")[0] ?? "";
      const route = req.method === "GET" ? routes.find((r) => r.pattern.test(path)) : undefined;
      if (route === undefined) res.writeHead(500).end();
      else json(res, route.status, route.body, route.type);
    });
    const report = await validateService(doc, service.base);
    expect(report.checks.map((c) => [c.operation, c.url, c.status, c.problems])).toEqual([
      ["GET /health", "/health", 200, []],
      ["GET /orders", "/orders", 200, []],
      ["GET /orders/{orderId}", "/orders/ord_7Hq2Xk", 200, []],
    ]);
    expect(report).toMatchObject({ ok: true, checked: 3 });
    expect(report.skipped).toEqual([
      { operation: "POST /orders", reason: "not a safe method" },
      { operation: "POST /orders/{orderId}/cancel", reason: "not a safe method" },
    ]);
    expect(service.seen).toEqual(["GET /health", "GET /orders", "GET /orders/ord_7Hq2Xk"]);
    expect(formatReport(report)).toBe("service conforms: 3 operations checked, 2 skipped");
  });

  it("fills a path parameter from its example and skips the POST without calling it", async () => {
    const service = await serve((_req, res) => json(res, 200, { id: "it_9", price: 5 }));
    const report = await validateService(contract(ITEMS), service.base);
    expect(service.seen).toEqual(["GET /items/it_9"]);
    expect(service.seen.some((s) => s.startsWith("POST"))).toBe(false);
    expect(report.ok).toBe(true);
    expect(report.checks[0]?.url).toBe("/items/it_9");
    expect(report.skipped).toEqual([{ operation: "POST /items", reason: "not a safe method" }]);
  });

  it("lists every schema violation of a 2xx body", async () => {
    const service = await serve((_req, res) => json(res, 200, { id: 7, price: -1 }));
    const report = await validateService(contract(ITEMS), service.base);
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ ok: false, status: 200 });
    expect(report.checks[0]?.problems).toEqual([
      "body/id: must be string",
      "body/price: must be >= 0",
    ]);
  });

  it("names a missing required property under its path", async () => {
    const service = await serve((_req, res) => json(res, 200, { id: "it_9" }));
    const report = await validateService(contract(ITEMS), service.base);
    expect(report.checks[0]?.problems).toEqual(["body/price: must have required property 'price'"]);
  });

  it("accepts a declared 404 and refuses an undeclared status", async () => {
    const missing = await serve((_req, res) => res.writeHead(404).end());
    expect((await validateService(contract(ITEMS), missing.base)).ok).toBe(true);
    const broken = await serve((_req, res) => json(res, 500, { error: "boom" }));
    const report = await validateService(contract(ITEMS), broken.base);
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({
      status: 500,
      problems: ["status 500 is not declared (declared: 200, 404)"],
    });
  });

  it("matches 2XX ranges and default, and calls HEAD operations", async () => {
    const doc = contract(`openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a: { get: { responses: { "2XX": { description: any success } } } }
  /b: { get: { responses: { default: { description: anything } } } }
  /c: { head: { responses: { "2XX": { description: any success } } } }
`);
    const service = await serve((req, res) => res.writeHead(req.url === "/c" ? 204 : 503).end());
    const report = await validateService(doc, service.base);
    expect(report.checks.map((c) => [c.operation, c.status, c.ok])).toEqual([
      ["GET /a", 503, false],
      ["GET /b", 503, true],
      ["HEAD /c", 204, true],
    ]);
    expect(service.seen).toEqual(["GET /a", "GET /b", "HEAD /c"]);
  });

  it("refuses a body that is not JSON, or of an undeclared type", async () => {
    const notJson = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end("<html>"),
    );
    const first = await validateService(contract(ITEMS), notJson.base);
    expect(first.checks[0]?.problems[0]).toMatch(/^body is not JSON \(application\/json\): /);
    const html = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html>"),
    );
    const second = await validateService(contract(ITEMS), html.base);
    expect(second.checks[0]?.problems).toEqual([
      "Content-Type text/html is not declared (declared: application/json)",
    ]);
  });

  it("fills required query and header parameters from schema examples or placeholders, and leaves optional ones out", async () => {
    const doc = contract(`openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /search:
    get:
      parameters:
        - { name: q, in: query, required: true, schema: { type: string, example: mugs } }
        - { name: page, in: query, required: true, schema: { type: integer, minimum: 2 } }
        - { name: tags, in: query, required: true, schema: { type: array, items: { type: string, enum: [red, blue] } } }
        - { name: sort, in: query, schema: { type: string, example: price } }
        - { name: X-Tenant, in: header, required: true, schema: { $ref: "#/components/schemas/Tenant" } }
      responses: { "200": { description: ok } }
components:
  schemas:
    Tenant: { type: string, default: acme }
`);
    const service = await serve((_req, res) => res.writeHead(200).end());
    const report = await validateService(doc, service.base);
    expect(report.ok).toBe(true);
    expect(service.seen).toEqual(["GET /search?q=mugs&page=2&tags=red"]);
    expect(service.headers[0]?.["x-tenant"]).toBe("acme");
  });

  it("skips an operation whose required parameter gets no value", async () => {
    const doc = contract(`openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /things:
    get:
      parameters:
        - { name: filter, in: query, required: true, schema: { type: object } }
      responses: { "200": { description: ok } }
`);
    const service = await serve((_req, res) => res.writeHead(200).end());
    const report = await validateService(doc, service.base);
    expect(report).toMatchObject({ ok: true, checked: 0, checks: [] });
    expect(report.skipped).toEqual([
      { operation: "GET /things", reason: "no value for required query parameter 'filter'" },
    ]);
    expect(service.seen).toEqual([]);
  });

  it("stops after maxOperations safe operations", async () => {
    const doc = contract(`openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a: { get: { responses: { "200": { description: ok } } } }
  /b: { get: { responses: { "200": { description: ok } } } }
  /c: { head: { responses: { "200": { description: ok } } } }
`);
    const service = await serve((_req, res) => res.writeHead(200).end());
    const report = await validateService(doc, service.base, { maxOperations: 2 });
    expect(service.seen).toEqual(["GET /a", "GET /b"]);
    expect(report.skipped).toEqual([
      { operation: "HEAD /c", reason: "beyond the first 2 operations" },
    ]);
  });

  it("reports a service that never answers, within the timeout", async () => {
    const service = await serve(() => {}); // holds every request open
    const started = performance.now();
    const report = await validateService(contract(ITEMS), service.base, { timeoutMs: 150 });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ status: null, problems: ["no answer within 150 ms"] });
  });

  it("reports a connection error", async () => {
    const doc = contract(ITEMS);
    const gone = createServer(); // a port that was open and is now closed
    await new Promise<void>((ready) => gone.listen(0, "127.0.0.1", ready));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((done) => gone.close(done));
    const report = await validateService(doc, { host: "127.0.0.1", port });
    expect(report.checks[0]).toMatchObject({
      status: null,
      problems: ["request failed: ECONNREFUSED"],
    });
  });

  it("refuses a host that is not loopback", async () => {
    await expect(validateService(contract(ITEMS), { host: "10.0.0.1", port: 80 })).rejects.toThrow(
      /not a loopback address/,
    );
  });
});

describe("formatReport", () => {
  it("names each failed operation with its problems, then a summary", async () => {
    const service = await serve((req, res) =>
      req.url === "/items/it_9" ? json(res, 200, { id: 7, price: 1 }) : res.writeHead(200).end(),
    );
    const report = await validateService(contract(ITEMS), service.base);
    expect(formatReport(report)).toBe(
      [
        "FAIL GET /items/{itemId} (/items/it_9, status 200): body/id: must be string",
        "service does not conform: 1 of 1 checks failed, 1 skipped",
      ].join("\n"),
    );
  });
});
