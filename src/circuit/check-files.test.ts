import { describe, expect, it } from "vitest";
import {
  at,
  check,
  onlyError,
  place,
  places,
  useFixtureDir,
} from "../../test/support/circuit-check.js";

// Files a circuit names: contracts (and openapi_spec) exist, parse and resolve; TLS cert and key
// exist when TLS is on. The fixtures live in the folder useFixtureDir creates.

useFixtureDir();

describe.each([1, 2])("checkCircuitText, version %i", (version) => {
  describe("contracts", () => {
    const withContract = (file: string): string => `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
    contract: ${file}
`;
    const CONTRACT_AT = { field: "nodes[0].contract", line: 6, column: 15 } as const;

    it("reports a contract that does not exist", () => {
      const error = onlyError(check(withContract("contracts/missing.yaml")));
      expect(place(error)).toEqual({ code: "E_CONTRACT_NOT_FOUND", ...CONTRACT_AT });
      expect(error.message).toBe("contract contracts/missing.yaml does not exist");
    });

    it.each([
      ["YAML", "contracts/broken.yaml"],
      ["JSON", "contracts/broken.json"],
    ])("reports an unparsable %s contract, naming the file and line", (_format, file) => {
      const error = onlyError(check(withContract(file)));
      expect(place(error)).toEqual({ code: "E_CONTRACT_PARSE", ...CONTRACT_AT });
      expect(error.message).toMatch(new RegExp(`^contract ${file}: .+ \\(${file}:\\d+:\\d+\\)$`));
      expect(error.hint).toContain("syntax");
    });

    it("reports a contract that is neither OpenAPI nor JSON Schema", () => {
      const error = onlyError(check(withContract("contracts/neither.yaml")));
      expect(place(error)).toEqual({ code: "E_CONTRACT_INVALID", ...CONTRACT_AT });
      expect(error.message).toContain("not an OpenAPI document or a JSON Schema");
      expect(error.hint).toContain("openapi");
    });

    it("reports an unresolved local $ref, naming the contract file and line", () => {
      const error = onlyError(check(withContract("contracts/local-ref.yaml")));
      expect(place(error)).toEqual({ code: "E_CONTRACT_INVALID", ...CONTRACT_AT });
      expect(error.message).toBe(
        "contract contracts/local-ref.yaml: $ref '#/components/schemas/Missing' does not resolve (contracts/local-ref.yaml:14:23)",
      );
    });

    it("reports a relative-file $ref whose pointer does not resolve", () => {
      const error = onlyError(check(withContract("contracts/pointer-ref.yaml")));
      expect(place(error)).toEqual({ code: "E_CONTRACT_INVALID", ...CONTRACT_AT });
      expect(error.message).toContain("$ref './schemas/order.yaml#/Missing' does not resolve");
      expect(error.message).toContain("(contracts/pointer-ref.yaml:14:23)");
    });

    it("reports a relative-file $ref to a missing file as an invalid contract", () => {
      const error = onlyError(check(withContract("contracts/file-ref-missing.yaml")));
      expect(error.message).toContain("schemas/missing.yaml");
      expect(error.message).toContain("(contracts/file-ref-missing.yaml:14:23)");
      // The contract itself exists; its $ref does not resolve (see ERROR_CODES).
      expect(place(error)).toEqual({ code: "E_CONTRACT_INVALID", ...CONTRACT_AT });
    });

    it.each([
      "contracts/openapi-2.0.yaml",
      "contracts/openapi-2.0.json",
      "contracts/openapi-3.0.yaml",
      "contracts/openapi-3.0.json",
      "contracts/openapi-3.1.yaml",
      "contracts/openapi-3.1.json",
      "contracts/json-schema.yaml",
      "contracts/json-schema.json",
      "contracts/file-ref-ok.yaml",
    ])("accepts %s", (file) => {
      const result = check(withContract(file));
      expect(result.errors).toEqual([]);
      expect(result.config?.nodes[0]?.contract).toBe(file);
    });
  });

  describe("sections", () => {
    it("requires cert and key when security.tls.mode is circuit", () => {
      const text = `version: ${version}\nsecurity:\n  tls:\n    mode: circuit\n`;
      const result = check(text);
      expect(places(result.errors)).toEqual([
        { code: "E_CONFIG_INVALID", field: "security.tls.cert", line: 4, column: 5 },
        { code: "E_CONFIG_INVALID", field: "security.tls.key", line: 4, column: 5 },
      ]);
      expect(at(result.errors, "security.tls.cert").message).toBe(
        "tls mode 'circuit' needs a cert file",
      );
      expect(at(result.errors, "security.tls.key").hint).toContain("security.tls.key");
      expect(result.config).toBeUndefined();
    });

    it("reports TLS files that do not exist, and accepts files that do", () => {
      const text = (cert: string): string =>
        `version: ${version}\nsecurity:\n  tls:\n    mode: full\n    cert: ${cert}\n    key: certs/tls.key\n`;
      const error = onlyError(check(text("certs/nope.crt")));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "security.tls.cert",
        line: 5,
        column: 11,
      });
      expect(error.message).toBe("cert file certs/nope.crt does not exist");
      expect(check(text("certs/tls.crt")).errors).toEqual([]);
    });
  });
});

describe("checkCircuitText: version-2 sections", () => {
  it("checks openapi_spec like contract", () => {
    const text = `version: 2
nodes:
  - name: api
    port: 9001
    role: ingress
    openapi_spec: contracts/nope.json
`;
    const error = onlyError(check(text));
    expect(place(error)).toEqual({
      code: "E_CONTRACT_NOT_FOUND",
      field: "nodes[0].openapi_spec",
      line: 6,
      column: 19,
    });
    expect(error.message).toBe("contract contracts/nope.json does not exist");
  });
});
