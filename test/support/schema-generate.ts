import { seededRandom } from "../../src/common/index.js";
import { generate, type GenerateOptions } from "../../src/mock/schema/index.js";

// What the schema generator's tests share: a pointer resolver and static/dynamic drawing.

/** A resolver for local JSON pointers (`#/components/schemas/Pet`) into `doc`. */
export function pointerResolver(doc: object): (ref: string) => object {
  return (ref) => {
    if (!ref.startsWith("#/")) throw new Error(`cannot resolve ${ref}`);
    let node: unknown = doc;
    for (const part of ref.slice(2).split("/")) {
      node = (node as Record<string, unknown> | undefined)?.[part];
      if (node === undefined) throw new Error(`cannot resolve ${ref}`);
    }
    return node as object;
  };
}

/** A static value of `schema` (a `$ref` is an error unless `options` resolve it). */
export function fixed(schema: unknown, options: Partial<GenerateOptions> = {}): unknown {
  return generate(schema, {
    mode: "static",
    random: seededRandom(1),
    resolveRef: (ref) => {
      throw new Error(`unexpected $ref ${ref}`);
    },
    direction: "response",
    ...options,
  });
}

/** `n` dynamic values, drawn one after another from one seeded random. */
export function drawn(schema: unknown, n = 200, options: Partial<GenerateOptions> = {}): unknown[] {
  const random = seededRandom(99);
  return Array.from({ length: n }, () => fixed(schema, { mode: "dynamic", random, ...options }));
}
