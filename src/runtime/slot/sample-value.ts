import type { ContractDocument, SchemaAt } from "../../contract/index.js";

// A value for a request parameter that has no example of its own. mock/'s `generate` is not
// exported through mock/index.ts (layering allows only that entry point), and a parameter needs
// far less than a body: a scalar or a list of scalars. So this is a small static sampler.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Follows `$ref`s, allOf/oneOf/anyOf first members and `items` no deeper than this. */
const MAX_DEPTH = 8;

const BY_FORMAT: Readonly<Record<string, string>> = {
  date: "2025-01-01",
  "date-time": "2025-01-01T00:00:00Z",
  time: "00:00:00Z",
  uuid: "00000000-0000-4000-8000-000000000000",
  email: "user@example.com",
  uri: "https://example.com/",
  hostname: "example.com",
  ipv4: "127.0.0.1",
};

/** The schema's first example (example, examples[0], default, const, enum[0]); undefined if none. */
function schemaExample(schema: unknown): unknown {
  if (!isObj(schema)) return undefined;
  if (schema["example"] !== undefined) return schema["example"];
  const examples = schema["examples"];
  if (Array.isArray(examples) && examples.length > 0) return examples[0] as unknown;
  if (schema["default"] !== undefined) return schema["default"];
  if (schema["const"] !== undefined) return schema["const"];
  const choices = schema["enum"];
  if (Array.isArray(choices) && choices.length > 0) return choices[0] as unknown;
  return undefined;
}

/**
 * A value for the schema at `at`: its first example, else a fixed placeholder for its type
 * (objects and unknown types give undefined: a parameter cannot carry them simply).
 */
export function sampleValue(doc: ContractDocument, at: SchemaAt, depth = 0): unknown {
  if (depth > MAX_DEPTH) return undefined;
  const found = doc.deref(at.value, at.file, at.pointer);
  const schema = found.value;
  if (!isObj(schema)) return undefined;
  const example = schemaExample(schema);
  if (example !== undefined) return example;
  const child = (key: string, value: unknown): unknown =>
    sampleValue(doc, { value, file: found.file, pointer: `${found.pointer}/${key}` }, depth + 1);
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    const members = schema[key];
    if (Array.isArray(members) && members.length > 0) return child(`${key}/0`, members[0]);
  }
  const types = Array.isArray(schema["type"]) ? schema["type"] : [schema["type"]];
  const type: unknown = types.find((t) => t !== "null");
  switch (type) {
    case "string": {
      const format = typeof schema["format"] === "string" ? BY_FORMAT[schema["format"]] : undefined;
      if (format !== undefined) return format;
      const min = typeof schema["minLength"] === "number" ? schema["minLength"] : 0;
      return "string".padEnd(min, "x");
    }
    case "integer":
    case "number": {
      const whole = type === "integer" ? Math.ceil : (n: number) => n;
      if (typeof schema["minimum"] === "number") return whole(schema["minimum"]);
      if (typeof schema["maximum"] === "number" && schema["maximum"] < 1)
        return type === "integer" ? Math.floor(schema["maximum"]) : schema["maximum"];
      return 1;
    }
    case "boolean":
      return true;
    case "array": {
      const item = schema["items"] === undefined ? undefined : child("items", schema["items"]);
      return item === undefined ? [] : [item];
    }
    default:
      return undefined;
  }
}
