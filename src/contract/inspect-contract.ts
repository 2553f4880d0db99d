import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { isPair, isScalar, isSeq, visit, type Scalar } from "yaml";
import { BatonError, type SourceLocation } from "../common/index.js";
import { classifyContract, type ContractKind, type KindResult } from "./contract-kind.js";
import { parsePointer, resolvePointer } from "./json-pointer.js";
import {
  formatYamlPath,
  locate,
  parseYamlSource,
  positionOf,
  type YamlSource,
} from "./yaml-source.js";

/** What Baton learned from reading a contract file. */
export interface ContractSummary {
  readonly file: string;
  readonly kind: ContractKind;
  /** OpenAPI operations (method + path); 0 for JSON Schema. */
  readonly operations: number;
  /** Files the contract pulls in through relative `$ref`s (absolute paths). */
  readonly includes: readonly string[];
  /** A digest of every file's text (the root's and its includes'): it changes when any does. */
  readonly digest: string;
}

/**
 * Reads a contract (OpenAPI 2.0/3.0/3.1 or JSON Schema, YAML or JSON), checks that it is one of
 * those and that every `$ref` in it, local or to a relative file, resolves.
 * Throws a BatonError naming file, line and column on any problem.
 */
export function inspectContract(file: string): ContractSummary {
  const { kind, files } = readContractSources(file);
  const hash = createHash("sha256");
  for (const [path, source] of files) hash.update(`${path}\0${source.text}\0`);
  return {
    file,
    kind: kind.kind,
    operations: kind.operations,
    includes: [...files.keys()].filter((f) => f !== file),
    digest: hash.digest("hex").slice(0, 16),
  };
}

/** A contract's files, parsed and checked: the root first, then every file its `$ref`s reach. */
export interface ContractSources {
  readonly kind: Extract<KindResult, { ok: true }>;
  readonly files: ReadonlyMap<string, YamlSource>;
}

/** Reads and checks a contract and every file its `$ref`s reach (see `inspectContract`). */
export function readContractSources(file: string): ContractSources {
  const files = new Map<string, YamlSource>();
  const root = loadSource(file, files);
  const value: unknown = plain(root);
  const kind = classifyContract(value);
  if (!kind.ok) {
    const at =
      kind.field === "" ? { line: 1, column: 1 } : locate(root, [kind.field], { key: true });
    throw new BatonError("E_CONTRACT_INVALID", kind.message, {
      hint: kind.hint,
      location: { file, ...at, field: kind.field || undefined },
    });
  }
  checkRefs(root, files, new Set());
  return { kind, files };
}

function loadSource(
  file: string,
  files: Map<string, YamlSource>,
  from?: SourceLocation,
): YamlSource {
  const cached = files.get(file);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === "ENOENT" || code === "ENOTDIR";
    const what = missing
      ? "does not exist"
      : code === "EISDIR"
        ? "is a directory"
        : `cannot be read (${code ?? "error"})`;
    if (from !== undefined) {
      // The contract itself was found; one of its $refs leads nowhere.
      throw new BatonError(
        "E_CONTRACT_INVALID",
        `$ref target ${displayFrom(from.file, file)} ${what}`,
        {
          hint: "fix the $ref's file part (it is relative to the file that holds the $ref)",
          location: from,
        },
      );
    }
    throw new BatonError(
      missing || code === "EISDIR" ? "E_CONTRACT_NOT_FOUND" : "E_CONTRACT_PARSE",
      `contract file ${file} ${what}`,
      {
        hint:
          code === "EISDIR"
            ? "point at the contract's .yaml or .json file"
            : missing
              ? "check the path"
              : "check the file's permissions",
      },
    );
  }
  const source = parseYamlSource(file, text);
  const first = source.doc.errors[0];
  if (first) {
    const at = positionOf(source, first.pos[0]);
    throw new BatonError("E_CONTRACT_PARSE", `${firstLine(first.message)}`, {
      hint: "fix the YAML/JSON syntax at that position",
      location: { file, ...at },
    });
  }
  files.set(file, source);
  return source;
}

function checkRefs(source: YamlSource, files: Map<string, YamlSource>, checked: Set<string>): void {
  if (checked.has(source.file)) return;
  checked.add(source.file);
  const refs: { ref: Scalar; path: (string | number)[] }[] = [];
  visit(source.doc, {
    Pair(_key, pair, ancestors) {
      if (
        isScalar(pair.key) &&
        pair.key.value === "$ref" &&
        isScalar(pair.value) &&
        typeof pair.value.value === "string"
      ) {
        refs.push({ ref: pair.value, path: [...pathOf([...ancestors, pair]), "$ref"] });
      }
    },
  });
  for (const { ref, path } of refs) {
    const target = String(ref.value);
    const at = positionOf(source, ref.range?.[0] ?? 0);
    const location: SourceLocation = { file: source.file, ...at, field: formatYamlPath(path) };
    const hash = target.indexOf("#");
    const filePart = hash < 0 ? target : target.slice(0, hash);
    const pointer = hash < 0 ? "" : target.slice(hash);
    if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) {
      throw new BatonError("E_CONTRACT_INVALID", `$ref '${target}' points outside the project`, {
        hint: "Baton never fetches remote $refs; copy the referenced file next to the contract and use a relative path",
        location,
      });
    }
    const targetSource =
      filePart === ""
        ? source
        : loadSource(resolve(dirname(source.file), filePart), files, location);
    const tokens = parsePointer(pointer);
    if (tokens === undefined) {
      throw new BatonError("E_CONTRACT_INVALID", `$ref '${target}' has a malformed JSON pointer`, {
        hint: "a pointer looks like '#/components/schemas/Name'",
        location,
      });
    }
    if (!resolvePointer(plain(targetSource), tokens).found) {
      throw new BatonError("E_CONTRACT_INVALID", `$ref '${target}' does not resolve`, {
        hint: `nothing is at '${pointer || "#"}' in ${displayFrom(source.file, targetSource.file)}; fix the pointer or add the definition`,
        location,
      });
    }
    if (targetSource !== source) checkRefs(targetSource, files, checked);
  }
}

const plainData = new WeakMap<YamlSource, unknown>();

/** A source as plain JS data, converted once (every `$ref` into it is checked against it). */
export function plain(source: YamlSource): unknown {
  if (!plainData.has(source)) plainData.set(source, source.doc.toJS({ maxAliasCount: -1 }));
  return plainData.get(source);
}

/** A referenced file as seen from the file that references it. */
function displayFrom(from: string, file: string): string {
  const rel = relative(dirname(from), file);
  return rel === "" ? basename(file) : rel;
}

/** The key/index path of a node from the ancestors `visit` hands over. */
function pathOf(chain: readonly unknown[]): (string | number)[] {
  const path: (string | number)[] = [];
  chain.forEach((node, i) => {
    const next = chain[i + 1];
    if (isPair(node) && i < chain.length - 1 && isScalar(node.key))
      path.push(String(node.key.value));
    if (isSeq(node) && next !== undefined) path.push(node.items.indexOf(next));
  });
  return path;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
