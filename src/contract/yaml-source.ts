import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";

/** A parsed YAML (or JSON) file that remembers where each node came from. */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** A path into a YAML document: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/** 1-based line and column. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Parses YAML text, keeping positions. Syntax errors are left in `doc.errors`. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { file, text, doc, lineCounter };
}

/** The position of an offset. */
export function positionOf(source: YamlSource, offset: number): LineColumn {
  const pos = source.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/**
 * Where `path` points in the source: the value's start, or with `key` the key's start. A path
 * that leaves the document stops at the deepest node that exists.
 */
export function locate(
  source: YamlSource,
  path: YamlPath,
  options: { key?: boolean } = {},
): LineColumn {
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      if (last && options.key === true && keyStart !== undefined)
        return positionOf(source, keyStart);
      const valueStart = rangeStart(pair.value);
      if (valueStart === undefined || isEmptyScalar(pair.value)) {
        offset = keyStart ?? offset;
        break;
      }
      node = pair.value;
      offset = valueStart;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      const start = rangeStart(item);
      if (start === undefined) break;
      node = item;
      offset = start;
    } else {
      break;
    }
  }
  return positionOf(source, offset);
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.source === "";
}

function rangeStart(node: unknown): number | undefined {
  if (isPair(node)) return rangeStart(node.key);
  if (typeof node === "object" && node !== null && "range" in node) {
    const range = (node as { range?: readonly number[] | null }).range;
    return range?.[0];
  }
  return undefined;
}

/** Renders a path the way users read it: `nodes[2].port`, `routing.api.targets[0]`. */
export function formatYamlPath(path: YamlPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
