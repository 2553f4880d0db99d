/** The contract formats Baton reads. */
export type ContractKind = "openapi-2.0" | "openapi-3.0" | "openapi-3.1" | "json-schema";

const JSON_SCHEMA_KEYWORDS = [
  "$schema",
  "$id",
  "$ref",
  "$defs",
  "definitions",
  "type",
  "properties",
  "items",
  "allOf",
  "anyOf",
  "oneOf",
  "enum",
  "const",
];

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Result of classifying a contract's root object. */
export type KindResult =
  | { readonly ok: true; readonly kind: ContractKind; readonly operations: number }
  | { readonly ok: false; readonly field: string; readonly message: string; readonly hint: string };

/** Decides which kind of contract a parsed root is, and checks the fields that kind needs. */
export function classifyContract(root: unknown): KindResult {
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    return {
      ok: false,
      field: "",
      message: "the contract is not a mapping",
      hint: "a contract is an OpenAPI document or a JSON Schema object",
    };
  }
  const doc = root as Record<string, unknown>;
  if ("swagger" in doc) {
    if (String(doc.swagger) !== "2.0") {
      return {
        ok: false,
        field: "swagger",
        message: `swagger: ${String(doc.swagger)} is not a supported version`,
        hint: 'use swagger: "2.0" or an OpenAPI 3.0/3.1 document',
      };
    }
    return openApi("openapi-2.0", doc, false);
  }
  if ("openapi" in doc) {
    const version = String(doc.openapi);
    if (/^3\.0\.\d+$/.test(version)) return openApi("openapi-3.0", doc, false);
    if (/^3\.1\.\d+$/.test(version)) return openApi("openapi-3.1", doc, true);
    return {
      ok: false,
      field: "openapi",
      message: `openapi: ${version} is not a supported version`,
      hint: "Baton reads OpenAPI 2.0, 3.0.x and 3.1.x",
    };
  }
  if (JSON_SCHEMA_KEYWORDS.some((k) => k in doc))
    return { ok: true, kind: "json-schema", operations: 0 };
  return {
    ok: false,
    field: "",
    message: "not an OpenAPI document or a JSON Schema",
    hint: "expected a top-level 'openapi', 'swagger', or a JSON Schema keyword such as 'type' or 'properties'",
  };
}

function openApi(
  kind: ContractKind,
  doc: Record<string, unknown>,
  pathsOptional: boolean,
): KindResult {
  if (!isObject(doc.info)) {
    return {
      ok: false,
      field: "info",
      message: "the 'info' object is missing",
      hint: "add info: {title: ..., version: ...}",
    };
  }
  const paths = doc.paths;
  if (paths === undefined && !pathsOptional) {
    return {
      ok: false,
      field: "paths",
      message: "the 'paths' object is missing",
      hint: "add paths: {} (one entry per endpoint)",
    };
  }
  if (paths !== undefined && !isObject(paths)) {
    return {
      ok: false,
      field: "paths",
      message: "'paths' is not a mapping",
      hint: "paths maps '/path' to its operations",
    };
  }
  let operations = 0;
  for (const item of Object.values(paths ?? {})) {
    if (isObject(item)) operations += HTTP_METHODS.filter((m) => m in item).length;
  }
  return { ok: true, kind, operations };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
