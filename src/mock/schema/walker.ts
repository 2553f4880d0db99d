import type { Random } from "../../common/index.js";
import type { Schema } from "./keywords.js";

/** What the object and array samplers need from the generator that calls them. */
export interface Walker {
  /** Static mode: fixed samples, no randomness. */
  readonly isStatic: boolean;
  readonly random: Random;
  readonly direction: "response" | "request";
  /** Containers at or past this depth shrink to required parts (the recursion guard). */
  readonly maxDepth: number;
  /** A value for `schema` nested at `depth`; `stub` asks for the smallest one (null, [], {}). */
  generate(schema: unknown, depth: number, stub: boolean): unknown;
  /** `schema` with `$ref` and `allOf` resolved, for reading flags such as readOnly. */
  flatten(schema: unknown): Schema;
  /** A dynamic walker for another try at a unique array item (seeded in static mode). */
  retry(attempt: number): Walker;
}
