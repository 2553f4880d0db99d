import { pathToFileURL } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { ContractDocument } from "./contract-document.js";
import type { SchemaAt } from "./operations.js";

/** One reason a value does not match its schema. */
export interface Violation {
  /** JSON pointer into the validated value ("" for the value itself). */
  readonly path: string;
  /** The schema keyword that failed (`required`, `type`, `enum`, …). */
  readonly code: string;
  readonly message: string;
  /** A missing required property that the schema marks `readOnly`. */
  readonly readOnly?: boolean;
}

/** Checks a value; returns every violation, or null when it is valid. */
export type Validate = (value: unknown) => readonly Violation[] | null;

const INT32 = 2 ** 31;

/**
 * Validators for the schemas of one contract, compiled by ajv from the files they live in (so
 * relative and cross-file `$ref`s, recursion included, resolve as written). OpenAPI 3.1 and JSON
 * Schema 2020-12 use ajv's 2020 dialect; 3.0 and 2.0 use draft-07 after their draft-4 forms
 * (boolean `exclusiveMinimum`, `x-nullable`) are rewritten. OpenAPI's own formats (int32,
 * int64, float, double, byte, binary, password) are known.
 */
export class SchemaValidators {
  readonly #ajv: Ajv;
  readonly #cache = new Map<string, Validate>();
  /** By the SchemaAt object itself: operations hand the same ones out for every request. */
  readonly #byPlace = new WeakMap<SchemaAt, Validate>();
  readonly #forRequests = new WeakMap<SchemaAt, Validate>();

  constructor(readonly doc: ContractDocument) {
    const modern =
      doc.kind === "openapi-3.1" ||
      (doc.kind === "json-schema" &&
        typeof doc.root["$schema"] === "string" &&
        doc.root["$schema"].includes("2020-12"));
    // verbose: errors carry the schema they failed in (request checks look for readOnly there).
    const options = {
      strict: false,
      allErrors: true,
      coerceTypes: false,
      validateSchema: false,
      verbose: true,
    };
    this.#ajv = modern ? new Ajv2020(options) : new Ajv(options);
    addFormats.default(this.#ajv);
    this.#ajv.addFormat("int32", {
      type: "number",
      validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32,
    });
    this.#ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    for (const f of ["float", "double"])
      this.#ajv.addFormat(f, { type: "number", validate: () => true });
    this.#ajv.addFormat("byte", /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    for (const f of ["binary", "password"]) this.#ajv.addFormat(f, true);
    for (const [file, value] of doc.files) {
      const copy: unknown = modern ? value : legacyToDraft7(structuredClone(value));
      // The whole file is registered (under its own id) so pointers into it resolve.
      this.#ajv.addSchema(copy as object, fileId(file));
    }
  }

  /**
   * The validator of a request body's schema: a required property marked `readOnly` is one
   * the server fills in, so a request may leave it out (OpenAPI's rule, as Prism applies it).
   */
  compileForRequest(at: SchemaAt): Validate {
    const known = this.#forRequests.get(at);
    if (known !== undefined) return known;
    const all = this.compile(at);
    const validate: Validate = (value) => {
      const found = all(value)?.filter((v) => !v.readOnly) ?? null;
      return found === null || found.length === 0 ? null : found;
    };
    this.#forRequests.set(at, validate);
    return validate;
  }

  /** The validator of the schema at `at` (compiled once). */
  compile(at: SchemaAt): Validate {
    const known = this.#byPlace.get(at);
    if (known !== undefined) return known;
    const ref = `${fileId(at.file)}${at.pointer}`;
    let validate = this.#cache.get(ref);
    if (validate === undefined) {
      const fn = this.#ajv.compile({ $ref: ref });
      validate = (value) => (fn(value) ? null : violations(fn));
      this.#cache.set(ref, validate);
    }
    this.#byPlace.set(at, validate);
    return validate;
  }
}

function fileId(file: string): string {
  return pathToFileURL(file).href;
}

function violations(fn: ValidateFunction): Violation[] {
  return (fn.errors ?? []).map((e: ErrorObject) => {
    const missing =
      e.keyword === "required"
        ? (e.params as { missingProperty?: string }).missingProperty
        : undefined;
    const property =
      missing === undefined
        ? undefined
        : (e.parentSchema as { properties?: Record<string, { readOnly?: unknown }> } | undefined)
            ?.properties?.[missing];
    return {
      path: missing === undefined ? e.instancePath : `${e.instancePath}/${missing}`,
      code: e.keyword,
      message: e.message ?? e.keyword,
      readOnly: property?.readOnly === true,
    };
  });
}

/** Rewrites OpenAPI 2.0/3.0 (draft-4 style) schema forms in place into draft-07 ones. */
function legacyToDraft7(value: unknown): unknown {
  if (Array.isArray(value)) value.forEach(legacyToDraft7);
  else if (typeof value === "object" && value !== null) {
    const o = value as Record<string, unknown>;
    for (const [bool, bound] of [
      ["exclusiveMinimum", "minimum"],
      ["exclusiveMaximum", "maximum"],
    ] as const) {
      if (typeof o[bool] !== "boolean") continue;
      if (o[bool] === true && typeof o[bound] === "number") {
        o[bool] = o[bound];
        delete o[bound];
      } else delete o[bool];
    }
    if (o["x-nullable"] === true) o["nullable"] = true;
    for (const child of Object.values(o)) legacyToDraft7(child);
  }
  return value;
}
