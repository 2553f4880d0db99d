import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ContractDocument } from "./contract-document.js";
import { listOperations } from "./operations.js";
import { SchemaValidators } from "./schema-validator.js";

const ORDERS = fileURLToPath(new URL("../../examples/shop/contracts/orders.yaml", import.meta.url));

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "baton-contract-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, Object.keys(files)[0] as string);
}

describe("listOperations", () => {
  it("lists OpenAPI 3.1 operations with parameters and examples reached across files", () => {
    const doc = ContractDocument.load(ORDERS);
    const ops = listOperations(doc);
    const get = ops.find((o) => o.method === "GET" && o.path === "/orders/{orderId}");
    expect(get?.params.map((p) => `${p.in}:${p.name}`)).toEqual(["path:orderId"]);
    const ok = get?.responses.find((r) => r.status === "200");
    expect(ok?.content.get("application/json")?.examples.get("paid")).toMatchObject({
      id: "ord_7Hq2Xk",
    });
    const list = ops.find((o) => o.method === "GET" && o.path === "/orders");
    // `Limit` and `Cursor` come from common.yaml; their schemas keep their own file.
    const limit = list?.params.find((p) => p.name === "limit");
    expect(limit?.schema?.file.endsWith("common.yaml")).toBe(true);
    const post = ops.find((o) => o.method === "POST" && o.path === "/orders");
    expect(post?.body?.required).toBe(true);
  });

  it("reads OpenAPI 2.0: body parameters, produces, response examples by media type", () => {
    const file = write({
      "v2.yaml": `swagger: "2.0"
info: { title: t, version: "1" }
produces: [application/json]
paths:
  /items/{id}:
    parameters:
      - { name: id, in: path, required: true, type: integer }
    put:
      parameters:
        - { name: body, in: body, required: true, schema: { $ref: "#/definitions/Item" } }
      responses:
        200:
          description: ok
          schema: { $ref: "#/definitions/Item" }
          examples: { application/json: { id: 1, name: a } }
definitions:
  Item: { type: object, required: [name], properties: { id: { type: integer }, name: { type: string } } }
`,
    });
    const [op] = listOperations(ContractDocument.load(file));
    expect(op?.params.map((p) => p.name)).toEqual(["id"]);
    expect(op?.body?.content.has("application/json")).toBe(true);
    expect(op?.responses[0]?.status).toBe("200");
    expect(op?.responses[0]?.content.get("application/json")?.examples.get("example")).toEqual({
      id: 1,
      name: "a",
    });
  });

  it("treats a JSON Schema contract as one GET / operation", () => {
    const file = write({
      "s.json": JSON.stringify({ type: "object", properties: { a: { type: "string" } } }),
    });
    const ops = listOperations(ContractDocument.load(file));
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(["GET /"]);
  });
});

describe("SchemaValidators", () => {
  it("validates with cross-file and recursive $refs, listing every violation", () => {
    const file = write({
      "api.yaml": `openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Tree:
      type: object
      required: [name]
      properties:
        name: { type: string, nullable: true }
        size: { type: integer, minimum: 0, exclusiveMinimum: true }
        owner: { $ref: "other.yaml#/Owner" }
        children: { type: array, items: { $ref: "#/components/schemas/Tree" } }
`,
      "other.yaml":
        "Owner: { type: object, required: [id], properties: { id: { type: string, format: uuid } } }\n",
    });
    const doc = ContractDocument.load(file);
    const validate = new SchemaValidators(doc).compile({
      value: null,
      file: doc.file,
      pointer: "#/components/schemas/Tree",
    });
    expect(validate({ name: null, size: 1, children: [{ name: "x" }] })).toBeNull();
    const found = validate({ size: 0, owner: { id: "nope" }, children: [{}] });
    expect(found?.map((v) => `${v.path}:${v.code}`).sort()).toEqual(
      [
        "/children/0/name:required",
        "/name:required",
        "/owner/id:format",
        "/size:exclusiveMinimum",
      ].sort(),
    );
  });
});
