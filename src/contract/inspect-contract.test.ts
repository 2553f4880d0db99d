import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isBatonError } from "../common/index.js";
import { inspectContract } from "./inspect-contract.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "baton-contract-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function failure(file: string) {
  try {
    inspectContract(file);
  } catch (error) {
    if (isBatonError(error)) return error;
    throw error;
  }
  throw new Error("expected inspectContract to fail");
}

const OPENAPI_31 = `openapi: 3.1.0
info: {title: orders, version: "1"}
paths:
  /orders/{id}:
    get:
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
    delete:
      responses: {"204": {description: gone}}
components:
  schemas:
    Order: {type: object, properties: {id: {type: string}}}
`;

describe("inspectContract", () => {
  it("reads OpenAPI 3.1 and counts operations", () => {
    expect(inspectContract(write("o.yaml", OPENAPI_31))).toMatchObject({
      kind: "openapi-3.1",
      operations: 2,
    });
  });

  it("reads OpenAPI 2.0 and 3.0 in JSON, and JSON Schema", () => {
    const swagger = write(
      "s.json",
      JSON.stringify({
        swagger: "2.0",
        info: { title: "t", version: "1" },
        paths: { "/a": { get: {} } },
      }),
    );
    expect(inspectContract(swagger)).toMatchObject({ kind: "openapi-2.0", operations: 1 });
    const v30 = write(
      "t.json",
      JSON.stringify({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {} }),
    );
    expect(inspectContract(v30).kind).toBe("openapi-3.0");
    const schema = write(
      "u.schema.json",
      JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" }),
    );
    expect(inspectContract(schema)).toMatchObject({ kind: "json-schema", operations: 0 });
  });

  it("follows relative-file refs and reports the files it pulled in", () => {
    write("common.yaml", "components:\n  schemas:\n    Problem: {type: object}\n");
    const file = write(
      "o.yaml",
      OPENAPI_31.replace(
        "Order: {type",
        "Problem: {$ref: 'common.yaml#/components/schemas/Problem'}\n    Order: {type",
      ),
    );
    expect(inspectContract(file).includes).toEqual([join(dir, "common.yaml")]);
  });

  it("points at an unresolved local $ref with file, line and column", () => {
    const error = failure(write("o.yaml", OPENAPI_31.replace("schemas/Order", "schemas/Ordr")));
    expect(error.code).toBe("E_CONTRACT_INVALID");
    expect(error.message).toContain("'#/components/schemas/Ordr' does not resolve");
    expect(error.location).toMatchObject({
      file: join(dir, "o.yaml"),
      line: 10,
      column: 30,
      field: 'paths["/orders/{id}"].get.responses["200"].content["application/json"].schema.$ref',
    });
  });

  it("reports a missing referenced file where the $ref is", () => {
    const error = failure(
      write("o.yaml", OPENAPI_31.replace('"#/components/schemas/Order"', "other.yaml#/X")),
    );
    expect(error.code).toBe("E_CONTRACT_INVALID");
    expect(error.message).toBe("$ref target other.yaml does not exist");
    expect(error.location).toMatchObject({ line: 10 });
  });

  it("refuses remote refs instead of fetching them", () => {
    const error = failure(
      write(
        "o.yaml",
        OPENAPI_31.replace('"#/components/schemas/Order"', "https://example.com/x.yaml#/X"),
      ),
    );
    expect(error.code).toBe("E_CONTRACT_INVALID");
    expect(error.hint).toContain("never fetches");
  });

  it("survives circular references", () => {
    const file = write(
      "c.yaml",
      "type: object\nproperties:\n  child: {$ref: '#'}\n  self: {$ref: '#/properties/child'}\n",
    );
    expect(inspectContract(file).kind).toBe("json-schema");
  });

  it("explains syntax errors, unknown formats and unsupported versions", () => {
    expect(failure(write("bad.yaml", "openapi: 3.1.0\ninfo: [\n")).code).toBe("E_CONTRACT_PARSE");
    const unknown = failure(write("x.yaml", "hello: world\n"));
    expect(unknown.code).toBe("E_CONTRACT_INVALID");
    expect(unknown.message).toContain("not an OpenAPI document or a JSON Schema");
    const v4 = failure(write("v4.yaml", "openapi: 4.0.0\ninfo: {}\npaths: {}\n"));
    expect(v4.message).toContain("openapi: 4.0.0 is not a supported version");
    expect(v4.location).toMatchObject({ line: 1, column: 1, field: "openapi" });
    expect(
      failure(write("np.yaml", "openapi: 3.0.0\ninfo: {title: t, version: '1'}\n")).message,
    ).toContain("'paths'");
    expect(failure(join(dir, "absent.yaml")).code).toBe("E_CONTRACT_NOT_FOUND");
  });
});
