import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { stringify } from "yaml";
import type { Diagnostic, DiagnosticCode } from "../../src/common/index.js";
import { checkCircuitText, type CircuitCheck } from "../../src/circuit/load-circuit.js";

// Shared by the src/circuit/*.test.ts files that check baton.yaml text: a temp project folder
// with contract and TLS fixtures, `check` against it, and the helpers that pick diagnostics apart.

// ---------------------------------------------------------------------------------------------
// The project folder
// ---------------------------------------------------------------------------------------------

/** The temp project folder of the running test file; "" outside `useFixtureDir`'s hooks. */
let dir = "";

/**
 * Registers hooks that create a temp project folder holding the fixtures below before the file's
 * tests, and remove it after them. Call it once, at the top level of each test file using `check`.
 *
 * Fixtures (relative to the folder): `contracts/{openapi-2.0,openapi-3.0,openapi-3.1,json-schema}.{yaml,json}`
 * (valid), `contracts/file-ref-ok.yaml`, `contracts/file-ref-missing.yaml`,
 * `contracts/pointer-ref.yaml`, `contracts/local-ref.yaml` (unresolved `$ref` at 14:23),
 * `contracts/broken.{yaml,json}` (unparsable), `contracts/neither.yaml`, `certs/tls.{crt,key}`.
 */
export function useFixtureDir(): void {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-"));
    writeFixtures();
  });
  afterAll(() => {
    if (dir !== "") fs.rmSync(dir, { recursive: true, force: true });
    dir = "";
  });
}

/** Checks baton.yaml text as if it were `<dir>/baton.yaml`, resolving contracts against `dir`. */
export function check(text: string): CircuitCheck {
  if (dir === "") throw new Error("call useFixtureDir() at the top of the test file");
  return checkCircuitText(path.join(dir, "baton.yaml"), text, dir);
}

// ---------------------------------------------------------------------------------------------
// Picking diagnostics apart
// ---------------------------------------------------------------------------------------------

export interface Place {
  readonly code: DiagnosticCode;
  readonly field: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

/** What a diagnostic is and where it points. */
export function place(d: Diagnostic): Place {
  return {
    code: d.code,
    field: d.location?.field,
    line: d.location?.line,
    column: d.location?.column,
  };
}

/** The places of all diagnostics, in reading order. */
export function places(list: readonly Diagnostic[]): Place[] {
  return list
    .map(place)
    .sort(
      (a, b) =>
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0) ||
        String(a.field).localeCompare(String(b.field)),
    );
}

/** The one error of a check (fails, listing them, when there are none or several). */
export function onlyError(result: CircuitCheck): Diagnostic {
  expect(places(result.errors)).toHaveLength(1);
  expect(result.config).toBeUndefined();
  return result.errors[0] as Diagnostic;
}

/** The diagnostic at `field` among `list` (fails, listing them, when there is none). */
export function at(list: readonly Diagnostic[], field: string): Diagnostic {
  const found = list.find((d) => d.location?.field === field);
  if (found === undefined) {
    throw new Error(`no diagnostic at ${field}; got ${JSON.stringify(places(list))}`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Building baton.yaml text
// ---------------------------------------------------------------------------------------------

/** 1-based line and column of the `nth` occurrence of `marker` in `text`. */
export function pos(text: string, marker: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(marker, index + 1);
    if (index < 0) throw new Error(`'${marker}' (#${nth}) is not in the text`);
  }
  const before = text.slice(0, index);
  return { line: before.split("\n").length, column: index - before.lastIndexOf("\n") };
}

/** Indents every line of `block` by `columns` spaces. */
export function indent(block: string, columns: number): string {
  return block
    .split("\n")
    .map((line) => " ".repeat(columns) + line)
    .join("\n");
}

/** Lines 1-7 of a circuit: `version`, then nodes `api` (ingress, 9001) and `orders` (9002). */
export function apiAndOrders(version: number): string {
  return `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
  - name: orders
    port: 9002
`;
}

// ---------------------------------------------------------------------------------------------
// Fixture files
// ---------------------------------------------------------------------------------------------

function writeFile(relative: string, text: string): void {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const LOCAL_REF_CONTRACT = `openapi: 3.0.3
info:
  title: orders
  version: "1"
paths:
  /orders:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Missing"
components:
  schemas:
    Order: {type: object}
`;

/** An OpenAPI 3.1 document whose one `$ref` (line 14, column 23) points at `ref`. */
function fileRefContract(ref: string): string {
  return `openapi: 3.1.0
info:
  title: orders
  version: "1"
paths:
  /orders:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "${ref}"
`;
}

const VALID_CONTRACTS: Record<string, Record<string, unknown>> = {
  "openapi-2.0": {
    swagger: "2.0",
    info: { title: "orders", version: "1" },
    paths: {
      "/orders": {
        get: {
          responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Order" } } },
        },
      },
    },
    definitions: { Order: { type: "object" } },
  },
  "openapi-3.0": {
    openapi: "3.0.3",
    info: { title: "orders", version: "1" },
    paths: {
      "/orders": {
        post: {
          requestBody: {
            content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } },
          },
          responses: { "201": { description: "created" } },
        },
      },
    },
    components: { schemas: { Order: { type: "object" } } },
  },
  "openapi-3.1": {
    openapi: "3.1.0",
    info: { title: "orders", version: "1" },
    webhooks: {},
  },
  "json-schema": {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: { id: { $ref: "#/$defs/Id" } },
    $defs: { Id: { type: "string" } },
  },
};

function writeFixtures(): void {
  for (const [name, doc] of Object.entries(VALID_CONTRACTS)) {
    writeFile(`contracts/${name}.yaml`, stringify(doc));
    writeFile(`contracts/${name}.json`, JSON.stringify(doc, null, 2));
  }
  writeFile("contracts/schemas/order.yaml", "Order:\n  type: object\n");
  writeFile("contracts/file-ref-ok.yaml", fileRefContract("schemas/order.yaml#/Order"));
  writeFile("contracts/file-ref-missing.yaml", fileRefContract("./schemas/missing.yaml#/Order"));
  writeFile("contracts/pointer-ref.yaml", fileRefContract("./schemas/order.yaml#/Missing"));
  writeFile("contracts/local-ref.yaml", LOCAL_REF_CONTRACT);
  writeFile("contracts/broken.yaml", 'openapi: 3.0.3\ninfo:\n  title: "unterminated\npaths: {}\n');
  writeFile("contracts/broken.json", '{\n  "openapi": "3.0.3",\n  "info": {"title": "x"\n');
  writeFile("contracts/neither.yaml", "hello: world\ncount: 3\n");
  writeFile("certs/tls.crt", "-----BEGIN CERTIFICATE-----\n");
  writeFile("certs/tls.key", "-----BEGIN PRIVATE KEY-----\n");
}
