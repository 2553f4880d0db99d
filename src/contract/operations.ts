import type { ContractDocument, ResolvedRef } from "./contract-document.js";

// The operations of a contract in one shape, whatever its version: OpenAPI 2.0 (parameters
// `in: body`, `produces`, response `examples` by media type) and 3.x (`requestBody`, `content`,
// named `examples`) alike. Every schema keeps its place (file and JSON pointer), so a validator
// can be compiled from the file it lives in, with its relative `$ref`s intact.

/** A schema and where it lives. */
export type SchemaAt = ResolvedRef;

/** Where a parameter is read from. */
export type ParamLocation = "path" | "query" | "header" | "cookie";

export interface OperationParam {
  readonly name: string;
  readonly in: ParamLocation;
  readonly required: boolean;
  readonly schema: SchemaAt | null;
  /** Query arrays: `form` with `explode` (a=1&a=2) is the default, as in OpenAPI 3. */
  readonly explode: boolean;
  readonly example: unknown;
}

/** One media type of a body: its schema and examples. */
export interface MediaSpec {
  readonly schema: SchemaAt | null;
  /** Named examples in declaration order (a lone `example` is named "example"). */
  readonly examples: ReadonlyMap<string, unknown>;
}

export interface ResponseSpec {
  /** "200", "default", or a range such as "2XX". */
  readonly status: string;
  readonly headers: ReadonlyMap<
    string,
    { readonly schema: SchemaAt | null; readonly example: unknown }
  >;
  /** By media type, in declaration order. */
  readonly content: ReadonlyMap<string, MediaSpec>;
}

export interface Operation {
  /** Upper case. */
  readonly method: string;
  /** The path template, e.g. `/orders/{id}`. */
  readonly path: string;
  readonly operationId: string | undefined;
  readonly params: readonly OperationParam[];
  readonly body: {
    readonly required: boolean;
    readonly content: ReadonlyMap<string, MediaSpec>;
  } | null;
  readonly responses: readonly ResponseSpec[];
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const esc = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1");

/** Every operation of an OpenAPI contract (a JSON Schema contract has one: `GET /`). */
export function listOperations(doc: ContractDocument): Operation[] {
  const root = doc.root;
  if (doc.kind === "json-schema") return [schemaOperation(doc)];
  const v2 = doc.kind === "openapi-2.0";
  const out: Operation[] = [];
  const paths = isObj(root["paths"]) ? root["paths"] : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = doc.deref(rawItem, doc.file, `#/paths/${esc(path)}`);
    if (!isObj(item.value)) continue;
    const shared = params(doc, item.value["parameters"], item.file, `${item.pointer}/parameters`);
    for (const method of METHODS) {
      const op = item.value[method];
      if (!isObj(op)) continue;
      const at = `${item.pointer}/${method}`;
      const own = params(doc, op["parameters"], item.file, `${at}/parameters`);
      // An operation's parameter overrides a path-level one of the same name and place.
      const merged = [
        ...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
        ...own,
      ];
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: typeof op["operationId"] === "string" ? op["operationId"] : undefined,
        params: merged.filter((p) => (p.in as string) !== "body"),
        body: v2 ? bodyV2(root, op, own, shared) : bodyV3(doc, op, item.file, at),
        responses: responses(doc, op, item.file, at, v2 ? mediaTypes(root, op, "produces") : null),
      });
    }
  }
  return out;
}

function schemaOperation(doc: ContractDocument): Operation {
  const schema = { value: doc.root, file: doc.file, pointer: "#" };
  const content = new Map([["application/json", { schema, examples: new Map() }]]);
  return {
    method: "GET",
    path: "/",
    operationId: undefined,
    params: [],
    body: null,
    responses: [{ status: "200", headers: new Map(), content }],
  };
}

type RawParam = OperationParam & { readonly raw: Obj; readonly at: SchemaAt };

function params(doc: ContractDocument, list: unknown, file: string, pointer: string): RawParam[] {
  if (!Array.isArray(list)) return [];
  const out: RawParam[] = [];
  list.forEach((entry, i) => {
    const p = doc.deref(entry, file, `${pointer}/${i}`);
    if (!isObj(p.value) || typeof p.value["name"] !== "string") return;
    const raw = p.value;
    const where = String(raw["in"]);
    // OpenAPI 2.0 non-body parameters carry their schema keywords on themselves.
    const schema =
      raw["schema"] !== undefined
        ? { value: raw["schema"], file: p.file, pointer: `${p.pointer}/schema` }
        : raw["content"] !== undefined
          ? firstContentSchema(raw["content"], p.file, `${p.pointer}/content`)
          : raw["type"] !== undefined
            ? { value: raw, file: p.file, pointer: p.pointer }
            : null;
    const style = raw["style"] ?? (raw["collectionFormat"] === "multi" ? "form" : undefined);
    out.push({
      name: raw["name"] as string,
      in: where as ParamLocation,
      required: raw["required"] === true || where === "path",
      schema,
      explode:
        raw["explode"] === undefined
          ? style === undefined || style === "form"
          : raw["explode"] === true,
      example: raw["example"] ?? raw["x-example"],
      raw,
      at: p,
    });
  });
  return out;
}

function firstContentSchema(content: unknown, file: string, pointer: string): SchemaAt | null {
  if (!isObj(content)) return null;
  const [type, media] = Object.entries(content)[0] ?? [];
  if (type === undefined || !isObj(media) || media["schema"] === undefined) return null;
  return { value: media["schema"], file, pointer: `${pointer}/${esc(type)}/schema` };
}

function mediaTypes(root: Obj, op: Obj, key: "consumes" | "produces"): string[] {
  const list = op[key] ?? root[key];
  return Array.isArray(list) && list.length > 0 ? list.map(String) : ["application/json"];
}

function bodyV2(root: Obj, op: Obj, own: RawParam[], shared: RawParam[]): Operation["body"] {
  const body =
    own.find((p) => (p.in as string) === "body") ?? shared.find((p) => (p.in as string) === "body");
  if (body === undefined) return null;
  const schema = body.schema;
  const content = new Map<string, MediaSpec>();
  for (const type of mediaTypes(root, op, "consumes"))
    content.set(type, { schema, examples: new Map() });
  return { required: body.raw["required"] === true, content };
}

function bodyV3(doc: ContractDocument, op: Obj, file: string, at: string): Operation["body"] {
  if (op["requestBody"] === undefined) return null;
  const body = doc.deref(op["requestBody"], file, `${at}/requestBody`);
  if (!isObj(body.value)) return null;
  return {
    required: body.value["required"] === true,
    content: content(doc, body.value["content"], body.file, `${body.pointer}/content`),
  };
}

function content(
  doc: ContractDocument,
  raw: unknown,
  file: string,
  pointer: string,
): Map<string, MediaSpec> {
  const out = new Map<string, MediaSpec>();
  if (!isObj(raw)) return out;
  for (const [type, media] of Object.entries(raw)) {
    if (!isObj(media)) continue;
    const at = `${pointer}/${esc(type)}`;
    const examples = new Map<string, unknown>();
    if (media["example"] !== undefined) examples.set("example", media["example"]);
    if (isObj(media["examples"]))
      for (const [name, ex] of Object.entries(media["examples"])) {
        const e = doc.deref(ex, file, `${at}/examples/${esc(name)}`);
        if (isObj(e.value) && "value" in e.value) examples.set(name, e.value["value"]);
      }
    const schema =
      media["schema"] === undefined
        ? null
        : { value: media["schema"], file, pointer: `${at}/schema` };
    out.set(type, { schema, examples });
  }
  return out;
}

function responses(
  doc: ContractDocument,
  op: Obj,
  file: string,
  at: string,
  produces: string[] | null,
): ResponseSpec[] {
  const out: ResponseSpec[] = [];
  if (!isObj(op["responses"])) return out;
  for (const [status, raw] of Object.entries(op["responses"])) {
    if (status.startsWith("x-")) continue;
    const r = doc.deref(raw, file, `${at}/responses/${esc(status)}`);
    if (!isObj(r.value)) continue;
    const headers = new Map<string, { schema: SchemaAt | null; example: unknown }>();
    if (isObj(r.value["headers"]))
      for (const [name, rawHeader] of Object.entries(r.value["headers"])) {
        const h = doc.deref(rawHeader, r.file, `${r.pointer}/headers/${esc(name)}`);
        if (!isObj(h.value)) continue;
        const schema =
          h.value["schema"] !== undefined
            ? { value: h.value["schema"], file: h.file, pointer: `${h.pointer}/schema` }
            : { value: h.value, file: h.file, pointer: h.pointer }; // 2.0: keywords on the header
        headers.set(name.toLowerCase(), { schema, example: h.value["example"] });
      }
    let media: Map<string, MediaSpec>;
    if (produces === null) media = content(doc, r.value["content"], r.file, `${r.pointer}/content`);
    else {
      media = new Map();
      const schema =
        r.value["schema"] === undefined
          ? null
          : { value: r.value["schema"], file: r.file, pointer: `${r.pointer}/schema` };
      const examples = isObj(r.value["examples"]) ? r.value["examples"] : {};
      // A 2.0 response without a schema has no body.
      if (schema !== null || Object.keys(examples).length > 0)
        for (const type of produces) {
          const ex = new Map<string, unknown>();
          if (examples[type] !== undefined) ex.set("example", examples[type]);
          media.set(type, { schema, examples: ex });
        }
    }
    out.push({ status: status.toUpperCase(), headers, content: media });
  }
  return out;
}
