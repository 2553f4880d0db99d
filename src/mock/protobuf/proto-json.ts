import protobuf from "protobufjs";
import type { Field, MapField, Type } from "protobufjs";
import { BatonError, didYouMean } from "../../common/index.js";

/** Where a JSON message came from, for error messages: the .proto file and what it is for. */
export interface JsonSource {
  readonly file: string;
  /** E.g. `example for shop.Shop/GetItem`. */
  readonly what: string;
}

/**
 * Encodes `json` (the proto3 JSON form: declared or lowerCamel field names, enum names or
 * numbers, 64-bit integers as numbers or strings, bytes as base64) as a `type` message. A
 * value that does not fit is an E_CONTRACT_INVALID naming the field, never a silent default:
 * protobufjs's `fromObject` alone would coerce "abc" to 0 and drop unknown fields.
 */
export function encodeJson(type: Type, json: unknown, source: JsonSource): Buffer {
  const fail = (field: string, problem: string, hint?: string): never => {
    throw new BatonError("E_CONTRACT_INVALID", `${source.file}: ${source.what}: ${problem}`, {
      location: { file: source.file, field: field || undefined },
      hint: hint ?? `give a JSON value of ${type.fullName.slice(1)}`,
    });
  };
  const message = type.fromObject(checkMessage(type, json, "", fail));
  // Belt and braces: protobufjs's own verifier on the converted message.
  const problem = type.verify(message);
  if (problem !== null) fail("", problem);
  return Buffer.from(type.encode(message).finish());
}

type Fail = (field: string, problem: string, hint?: string) => never;

function checkMessage(
  type: Type,
  json: unknown,
  path: string,
  fail: Fail,
): Record<string, unknown> {
  if (!isObject(json))
    fail(path, `${at(path)}expected an object (${type.name}), got ${show(json)}`);
  const out: Record<string, unknown> = {};
  const oneofs = new Map<string, string>();
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    const field = fieldNamed(type, key);
    const here = path === "" ? key : `${path}.${key}`;
    if (field === undefined) {
      const names = type.fieldsArray.map((f) => f.name);
      fail(here, `no field "${key}" in ${type.name}`, didYouMean(key, names) || undefined);
    }
    // proto3 JSON: null means "not set".
    if (field === undefined || value === null) continue;
    const group = field.partOf;
    if (group !== null) {
      const other = oneofs.get(group.name);
      if (other !== undefined) fail(here, `oneof ${group.name} has both ${other} and ${key} set`);
      oneofs.set(group.name, key);
    }
    out[field.name] = checkField(field, value, here, fail);
  }
  return out;
}

function checkField(field: Field, value: unknown, path: string, fail: Fail): unknown {
  if (field instanceof protobuf.MapField) {
    if (!isObject(value)) fail(path, `${at(path)}expected an object (map), got ${show(value)}`);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      checkMapKey(field, key, `${path}.${key}`, fail);
      out[key] = checkValue(field, item, `${path}.${key}`, fail);
    }
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) fail(path, `${at(path)}expected an array, got ${show(value)}`);
    return (value as unknown[]).map((item, i) => checkValue(field, item, `${path}[${i}]`, fail));
  }
  return checkValue(field, value, path, fail);
}

function checkValue(field: Field, value: unknown, path: string, fail: Fail): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return checkMessage(resolved, value, path, fail);
  if (resolved instanceof protobuf.Enum) {
    if (typeof value === "string" && Object.hasOwn(resolved.values, value)) return value;
    // proto3 enums are open: any int32 is a legal wire value.
    if (isInteger(value, INT32)) return value;
    const names = Object.keys(resolved.values);
    return fail(path, `${at(path)}expected one of ${names.join(", ")}, got ${show(value)}`);
  }
  if (scalarFits(field.type, value)) return value;
  return fail(path, `${at(path)}expected ${field.type}, got ${show(value)}`);
}

function checkMapKey(field: MapField, key: string, path: string, fail: Fail): void {
  const fits =
    field.keyType === "string" ||
    (field.keyType === "bool" ? key === "true" || key === "false" : scalarFits(field.keyType, key));
  if (!fits) fail(path, `${at(path)}map key "${key}" is not a ${field.keyType}`);
}

const INT32: Range = [-(2 ** 31), 2 ** 31 - 1];
const UINT32: Range = [0, 2 ** 32 - 1];
type Range = readonly [number, number];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Whether `value` is a proto3 JSON value of the scalar `type`. */
function scalarFits(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "bool":
      return typeof value === "boolean";
    case "bytes":
      return (typeof value === "string" && BASE64.test(value)) || value instanceof Uint8Array;
    case "double":
    case "float":
      return typeof value === "number" || ["NaN", "Infinity", "-Infinity"].includes(String(value));
    case "int32":
    case "sint32":
    case "sfixed32":
      return isInteger(value, INT32);
    case "uint32":
    case "fixed32":
      return isInteger(value, UINT32);
    case "int64":
    case "sint64":
    case "sfixed64":
      return isInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value));
    case "uint64":
    case "fixed64":
      return (
        isInteger(value, [0, Number.MAX_SAFE_INTEGER]) ||
        (typeof value === "string" && /^\d+$/.test(value))
      );
    default:
      return false;
  }
}

/** An integer (a JSON number, or a decimal string as proto3 JSON allows) within `range`. */
function isInteger(value: unknown, range?: Range): boolean {
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) return false;
  return range === undefined || (n >= range[0] && n <= range[1]);
}

/** The field called `key` by its declared name or its JSON name (json_name or lowerCamel). */
function fieldNamed(type: Type, key: string): Field | undefined {
  // hasOwn: a key like "constructor" must not find Object.prototype's.
  if (Object.hasOwn(type.fields, key)) return type.fields[key];
  return type.fieldsArray.find((f) => jsonName(f) === key);
}

function jsonName(field: Field): string {
  const declared: unknown = field.options?.["json_name"];
  return typeof declared === "string" ? declared : protobuf.util.camelCase(field.name);
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function at(path: string): string {
  return path === "" ? "" : `field ${path}: `;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
