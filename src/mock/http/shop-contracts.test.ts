import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { H1Request, H1Response } from "../../adapter/index.js";
import { SchemaValidators, type Operation } from "../../contract/index.js";
import { HttpMock } from "./http-mock.js";

// Every operation of every bundled contract, answered by its mock, in every declared status:
// the answer must be what the contract says (status, media type, and a body its schema
// accepts). The mock is called directly through its handler with minimal request doubles.

const DIR = fileURLToPath(new URL("../../../examples/shop/contracts/", import.meta.url));
const contracts = readdirSync(DIR).filter((f) => f !== "common.yaml");

interface Captured {
  status: number;
  headers: Record<string, string | number>;
  body: string;
}

/** Calls the mock's handler with a bodiless request and captures its answer. */
function call(
  mock: HttpMock,
  method: string,
  url: string,
  headers: Record<string, string>,
): Promise<Captured> {
  return new Promise((resolve) => {
    const out: Captured = { status: 0, headers: {}, body: "" };
    const req = {
      method,
      url,
      body: null,
      header: (name: string) => headers[name],
    } as unknown as H1Request;
    const res = {
      headersSent: false,
      writeHead(status: number, h: Record<string, string | number>) {
        out.status = status;
        out.headers = h;
        return this;
      },
      end(body?: Buffer) {
        out.body = body?.toString() ?? "";
        resolve(out);
      },
    } as unknown as H1Response;
    mock.handler(req, res);
  });
}

/** A concrete URL for an operation: path parameters from their examples, else "x1". */
function urlOf(op: Operation): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = op.params.find((q) => q.in === "path" && q.name === name);
    const example = p?.example;
    return encodeURIComponent(
      typeof example === "string" || typeof example === "number" ? String(example) : "x1",
    );
  });
}

describe.each(contracts)("the mock of examples/shop/contracts/%s", (file) => {
  const mock = HttpMock.fromFile(join(DIR, file), { node: file, validateRequests: false });
  const validators = new SchemaValidators(mock.doc);
  const cases = mock.operations.flatMap((op) =>
    op.responses
      .filter((r) => /^\d{3}$/.test(r.status))
      .map((r) => [`${op.method} ${op.path} → ${r.status}`, op, r] as const),
  );

  it.each(cases)("%s answers as declared, static and dynamic", async (_name, op, response) => {
    for (const prefer of [`code=${response.status}`, `code=${response.status}, dynamic=true`])
      await check(op, response, prefer);
  });

  async function check(op: Operation, response: Operation["responses"][number], prefer: string) {
    const answer = await call(mock, op.method, urlOf(op), { prefer });
    expect(answer.status).toBe(Number(response.status));
    const [type, media] = [...response.content][0] ?? [];
    if (type === undefined || media === undefined) return;
    expect(answer.headers["content-type"]).toBe(type);
    if (media.schema === null || answer.status === 204) return;
    const body: unknown = JSON.parse(answer.body);
    expect(validators.compile(media.schema)(body), prefer).toBeNull();
  }
});
