import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import protobuf from "protobufjs";
import type { NamespaceBase, ReflectionObject, Root, Service, Type } from "protobufjs";
import { BatonError, didYouMean } from "../../common/index.js";

/**
 * Parses a `.proto` file and everything it imports into one resolved protobufjs root. Imports
 * resolve against the file's folder first (protoc's `-I <folder>`), then the importing file's
 * folder; google/protobuf well-known types come bundled with protobufjs. Field names keep the
 * case they are declared with (JSON names are accepted too, see proto-json.ts). Any failure is
 * a BatonError naming the file: E_CONTRACT_NOT_FOUND, E_CONTRACT_PARSE or E_CONTRACT_INVALID.
 */
export function loadProto(file: string): Root {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new BatonError("E_CONTRACT_NOT_FOUND", `${file}: no such .proto file`, {
      location: { file },
      hint: "check the path; relative paths resolve from the working directory",
    });
  }
  const folder = dirname(path);
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => resolveImport(folder, origin, target);
  try {
    root.loadSync(path, { keepCase: true });
    root.resolveAll();
  } catch (err) {
    // Tokenizer errors omit the file; in sync loading the one being parsed was fetched last.
    throw loadFailure(file, folder, root.files.at(-1) ?? path, err);
  }
  return root;
}

/** The message type `name` ("pkg.Msg", a leading dot allowed) of a loaded file. */
export function findMessageType(root: Root, name: string, file: string): Type {
  const found = root.lookup(name.startsWith(".") ? name : `.${name}`);
  if (found instanceof protobuf.Type) return found;
  const known = messageTypeNames(root);
  const problem = found === null ? "no message type" : "not a message type:";
  throw new BatonError("E_CONTRACT_INVALID", `${file}: ${problem} "${name}"`, {
    location: { file },
    hint: didYouMean(name, known) || `message types: ${known.slice(0, 10).join(", ")}`,
  });
}

/** Every service declared in the file or its imports, in declaration order. */
export function listServices(root: Root): Service[] {
  return walk(root).filter((o): o is Service => o instanceof protobuf.Service);
}

/** Full names (no leading dot) of every message type, for hints. */
export function messageTypeNames(root: Root): string[] {
  return walk(root)
    .filter((o) => o instanceof protobuf.Type)
    .map((o) => o.fullName.slice(1));
}

/** A reflection object's full name without protobufjs's leading dot. */
export function protoName(object: { fullName: string }): string {
  return object.fullName.slice(1);
}

function walk(namespace: NamespaceBase): ReflectionObject[] {
  const found: ReflectionObject[] = [];
  for (const nested of namespace.nestedArray) {
    found.push(nested);
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type)
      found.push(...walk(nested));
  }
  return found;
}

function resolveImport(folder: string, origin: string, target: string): string {
  if (origin === "" || isAbsolute(target)) return target;
  const candidates = [join(folder, target), join(dirname(origin), target)];
  // Unresolvable: keep the first candidate so the ENOENT names a sensible path.
  return candidates.find((c) => existsSync(c)) ?? join(folder, target);
}

/** protobufjs parse errors end in "(<file>, line <n>)" or "(line <n>)". */
const PARSE_POSITION = /\s*\((?:(.+), )?line (\d+)\)$/;

function loadFailure(file: string, folder: string, parsing: string, err: unknown): BatonError {
  const error = err instanceof Error ? err : new Error(String(err));
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") {
    const missing = (error as NodeJS.ErrnoException).path ?? "?";
    return new BatonError("E_CONTRACT_INVALID", `${file}: import ${missing} not found`, {
      location: { file },
      hint: `imports resolve against ${folder} and the importing file's folder`,
      cause: err,
    });
  }
  const position = PARSE_POSITION.exec(error.message);
  if (position !== null || error instanceof SyntaxError) {
    const parsed = position?.[1] ?? parsing;
    const inFile = resolve(parsed) === resolve(file);
    const where = inFile ? file : parsed;
    const line = position === null ? undefined : Number(position[2]);
    // The tokenizer calls the end of input "token 'null'".
    const problem = error.message
      .replace(PARSE_POSITION, "")
      .replace("illegal token 'null'", "unexpected end of file");
    const at = line === undefined ? "" : `:${line}`;
    const imported = inFile ? "" : ` (imported by ${file})`;
    return new BatonError("E_CONTRACT_PARSE", `${where}${at}: ${problem}${imported}`, {
      location: { file: where, line },
      hint: "fix the .proto syntax there (protoc reports the same spot)",
      cause: err,
    });
  }
  return new BatonError("E_CONTRACT_INVALID", `${file}: ${error.message}`, {
    location: { file },
    hint: "every type used must be declared in the file or one it imports",
    cause: err,
  });
}
