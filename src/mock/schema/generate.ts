import { seededRandom, type Random } from "../../common/index.js";
import { generateArray, generateObject } from "./containers.js";
import { drawChance, drawItem } from "./draw.js";
import { toSchema, typesOf, type Schema } from "./keywords.js";
import { mergeSchemas } from "./merge.js";
import { sampleNumber } from "./numbers.js";
import { sampleString } from "./strings.js";
import type { Walker } from "./walker.js";

/** static: fixed samples, as Prism mocks by default; dynamic: random values (Prism `-d`). */
export type GenerateMode = "static" | "dynamic";

/** How `generate` samples a schema, and the collaborators it needs. */
export interface GenerateOptions {
  /**
   * static: Prism's default (examples, defaults, fixed placeholders); dynamic: random values
   * from `random`.
   */
  readonly mode: GenerateMode;
  /** Used in dynamic mode, for values and to pick among alternatives. */
  readonly random: Random;
  /**
   * Resolves a `$ref` string met inside `schema` to the schema it names (the caller handles
   * files and pointers). Throws if it cannot. `from` is the schema object the ref is written in.
   */
  readonly resolveRef: (ref: string, from: object) => object;
  /** "response" drops writeOnly properties; "request" drops readOnly ones. */
  readonly direction: "response" | "request";
  /**
   * Recursion guard for circular $refs, in nesting levels of objects and arrays (default 8):
   * an object at this depth keeps only its required properties, as stubs (null when nullable,
   * the smallest value, [] or {}); an array at this depth is [].
   */
  readonly maxDepth?: number;
}

/** The recursion guard's default depth, in nesting levels of objects and arrays (the brief). */
const DEFAULT_MAX_DEPTH = 8;
/** Steps through $ref, allOf and oneOf without producing a value, before a schema is circular. */
const MAX_HOPS = 64;
/** Sample values that speak for one allOf member only, not for an object merged from several. */
const EXAMPLE_KEYS = ["example", "examples", "default"];
const NONE = Symbol("none");

function without(s: Schema, key: string): Schema {
  const out: Record<string, unknown> = { ...s };
  delete out[key];
  return out;
}

function circular(): TypeError {
  return new TypeError("generate: schema never reaches a value (circular $ref, allOf or oneOf)");
}

/**
 * A JSON value that satisfies `schema` (JSON Schema or an OpenAPI schema object), as a mock
 * server shows for a response body. At each schema the first rule that applies wins: `$ref`;
 * static samples (example, examples[0], default) then const and enum; allOf merged; oneOf /
 * anyOf (first member, or a random one); then the type's sampler. The same schema, mode and
 * random seed always give the same value.
 */
export function generate(schema: unknown, options: GenerateOptions): unknown {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0)
    throw new TypeError(`generate: maxDepth must be a non-negative integer, got ${maxDepth}`);
  const walker = new SchemaWalker(options, options.mode === "static", options.random, maxDepth);
  return walker.generate(schema, 0, false);
}

class SchemaWalker implements Walker {
  readonly direction: "response" | "request";

  constructor(
    private readonly options: GenerateOptions,
    readonly isStatic: boolean,
    readonly random: Random,
    readonly maxDepth: number,
  ) {
    this.direction = options.direction;
  }

  generate(schema: unknown, depth: number, stub: boolean): unknown {
    let s = toSchema(schema);
    for (let hops = 0; hops <= MAX_HOPS; hops++) {
      if (typeof s.$ref === "string") {
        s = this.deref(s, hops);
        continue;
      }
      const fixed = this.fixedValue(s);
      if (fixed !== NONE) return fixed;
      if (Array.isArray(s.allOf)) s = this.mergeAllOf(s);
      else if (Array.isArray(s.oneOf)) s = this.choose(s, "oneOf");
      else if (Array.isArray(s.anyOf)) s = this.choose(s, "anyOf");
      else return this.byType(s, depth, stub);
    }
    throw circular();
  }

  flatten(schema: unknown): Schema {
    let s = toSchema(schema);
    for (let hops = 0; hops <= MAX_HOPS; hops++) {
      if (typeof s.$ref === "string") s = this.deref(s, hops);
      else if (Array.isArray(s.allOf)) s = this.mergeAllOf(s);
      else return s;
    }
    throw circular();
  }

  retry(attempt: number): Walker {
    if (!this.isStatic) return this;
    return new SchemaWalker(this.options, false, seededRandom(attempt), this.maxDepth);
  }

  /**
   * The schema a `$ref` names, with the referencing schema's other keywords merged over it
   * (OpenAPI 3.1). A chain of refs is followed first, so the resolver always sees the object
   * the ref was written in.
   */
  private deref(s: Schema, hops: number): Schema {
    if (hops > MAX_HOPS) throw circular();
    let target = toSchema(this.options.resolveRef(s.$ref as string, s));
    if (typeof target.$ref === "string") target = this.deref(target, hops + 1);
    const siblings = without(s, "$ref");
    return Object.keys(siblings).length === 0 ? target : mergeSchemas(target, siblings, "second");
  }

  /** Rule 2: a sample written in the schema (static mode), or const / enum (both modes). */
  private fixedValue(s: Schema): unknown {
    if (this.isStatic) {
      if (s.example !== undefined) return structuredClone(s.example);
      if (Array.isArray(s.examples) && s.examples.length > 0) return structuredClone(s.examples[0]);
      if (s.default !== undefined) return structuredClone(s.default);
    }
    if (s.const !== undefined) return structuredClone(s.const);
    if (Array.isArray(s.enum) && s.enum.length > 0)
      return structuredClone(this.isStatic ? s.enum[0] : drawItem(this.random, s.enum));
    return NONE;
  }

  /**
   * allOf: the schema's own keywords, then each member's, merged (see mergeSchemas). A member's
   * example describes that member alone, so it is dropped when several members build an object.
   */
  private mergeAllOf(s: Schema): Schema {
    const members = s.allOf as unknown[];
    let merged = without(s, "allOf");
    for (const member of members) merged = mergeSchemas(merged, this.resolved(member), "first");
    if (members.length > 1 && typesOf(merged).includes("object")) {
      const stripped: Record<string, unknown> = { ...merged };
      for (const key of EXAMPLE_KEYS) delete stripped[key];
      merged = stripped;
    }
    return merged;
  }

  /** oneOf / anyOf: one member (static: the first), with the schema's other keywords merged in. */
  private choose(s: Schema, key: "oneOf" | "anyOf"): Schema {
    const members = s[key] as unknown[];
    const rest = without(s, key);
    if (members.length === 0) return rest;
    const member = this.resolved(this.isStatic ? members[0] : drawItem(this.random, members));
    return Object.keys(rest).length === 0 ? member : mergeSchemas(rest, member, "second");
  }

  /** `schema` as an object, its `$ref` (if any) resolved. */
  private resolved(schema: unknown): Schema {
    const s = toSchema(schema);
    return typeof s.$ref === "string" ? this.deref(s, 0) : s;
  }

  /** Rules 4–9: pick a type (first non-null in static mode, any in dynamic) and sample it. */
  private byType(s: Schema, depth: number, stub: boolean): unknown {
    const types = typesOf(s);
    if (stub && types.includes("null")) return null;
    const type = this.isStatic
      ? (types.find((t) => t !== "null") ?? "null")
      : drawItem(this.random, types);
    const random = this.isStatic ? undefined : this.random;
    switch (type) {
      case "null":
        return null;
      case "boolean":
        return random === undefined ? true : drawChance(random, 0.5);
      case "integer":
      case "number":
        return sampleNumber(s, type === "integer", random);
      case "array":
        return stub ? [] : generateArray(s, this, depth);
      case "object":
        return stub ? {} : generateObject(s, this, depth);
      default:
        return sampleString(s, random); // "string", and unknown types such as Swagger 2 "file"
    }
  }
}
