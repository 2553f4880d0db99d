import { dirname, resolve } from "node:path";
import { BatonError } from "../common/index.js";
import type { ContractKind } from "./contract-kind.js";
import { plain, readContractSources } from "./inspect-contract.js";
import { parsePointer, resolvePointer } from "./json-pointer.js";

/** Where a `$ref` led: the value, its file and its pointer there. */
export interface ResolvedRef {
  readonly value: unknown;
  readonly file: string;
  /** JSON pointer inside `file`, `#`-prefixed. */
  readonly pointer: string;
}

/**
 * A loaded contract: the root document and every file its `$ref`s reach, as plain JS data
 * (YAML and JSON alike), checked at load (every `$ref` resolves). `$ref`s are kept, not
 * inlined — circular schemas stay finite — and resolved on demand from the file that holds
 * them.
 */
export class ContractDocument {
  readonly #fileOf = new WeakMap<object, string>();

  private constructor(
    /** Absolute path of the root file. */
    readonly file: string,
    readonly kind: ContractKind,
    /** Every file by absolute path, parsed; the root is `files.get(file)`. */
    readonly files: ReadonlyMap<string, unknown>,
  ) {
    for (const [path, value] of files) this.#index(value, path);
  }

  /** Reads `file` (OpenAPI 2.0/3.0/3.1 or JSON Schema); throws BatonError naming file and place. */
  static load(file: string): ContractDocument {
    const path = resolve(file);
    const sources = readContractSources(path);
    const files = new Map<string, unknown>();
    for (const [name, source] of sources.files) files.set(name, plain(source));
    return new ContractDocument(path, sources.kind.kind, files);
  }

  /** Builds a document from data already in memory (tests, generated contracts). */
  static fromValue(file: string, kind: ContractKind, value: unknown): ContractDocument {
    return new ContractDocument(file, kind, new Map([[file, value]]));
  }

  /** The root document. */
  get root(): Record<string, unknown> {
    return this.files.get(this.file) as Record<string, unknown>;
  }

  /** The file `node` (an object or array of these documents) was read from. */
  fileOf(node: object): string {
    return this.#fileOf.get(node) ?? this.file;
  }

  /** Resolves `ref` as written in `from` (an object of these documents, or a file path). */
  resolve(ref: string, from: object | string): ResolvedRef {
    const base = typeof from === "string" ? from : this.fileOf(from);
    const hash = ref.indexOf("#");
    const filePart = hash < 0 ? ref : ref.slice(0, hash);
    const pointer = hash < 0 ? "#" : ref.slice(hash);
    const file = filePart === "" ? base : resolve(dirname(base), filePart);
    const doc = this.files.get(file);
    const tokens = parsePointer(pointer);
    const found = doc === undefined || tokens === undefined ? null : resolvePointer(doc, tokens);
    if (found === null || !found.found)
      throw new BatonError("E_CONTRACT_INVALID", `$ref '${ref}' does not resolve`, {
        hint: "fix the pointer or add the definition",
        location: { file: base },
      });
    return { value: found.value, file, pointer: pointer === "" ? "#" : pointer };
  }

  /**
   * Follows `$ref`s from `value` (found at `pointer` in `from`'s file) to a value that is not a
   * reference; cycles are refused.
   */
  deref(value: unknown, from: object | string, pointer = "#"): ResolvedRef {
    let file = typeof from === "string" ? from : this.fileOf(from);
    const seen = new Set<unknown>();
    while (isRef(value)) {
      if (seen.has(value))
        throw new BatonError("E_CONTRACT_INVALID", `$ref '${value.$ref}' refers to itself`, {
          hint: "a $ref chain must end in a definition",
          location: { file },
        });
      seen.add(value);
      const next = this.resolve(value.$ref, file);
      value = next.value;
      file = next.file;
      pointer = next.pointer;
    }
    return { value, file, pointer };
  }

  #index(value: unknown, file: string): void {
    if (typeof value !== "object" || value === null || this.#fileOf.has(value)) return;
    this.#fileOf.set(value, file);
    for (const child of Object.values(value)) this.#index(child, file);
  }
}

/** A `{ $ref: "…" }` object. */
export function isRef(value: unknown): value is { readonly $ref: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { $ref?: unknown }).$ref === "string"
  );
}
