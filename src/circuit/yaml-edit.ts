import { isDeepStrictEqual } from "node:util";
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { BatonError } from "../common/index.js";
import type { YamlPath } from "../contract/index.js";
import {
  afterNode,
  columnOf,
  indent,
  lineEnd,
  lineStart,
  startsLine,
  styleOf,
  valueText,
  writeOptions,
  type TextStyle,
} from "./yaml-text.js";

/** One change to a YAML document: append to a list, remove an item or key, set a key. */
export type YamlEdit =
  | { readonly op: "append"; readonly path: YamlPath; readonly value: unknown }
  | { readonly op: "remove"; readonly path: YamlPath }
  | {
      readonly op: "set";
      readonly path: YamlPath;
      readonly value: unknown;
      readonly after?: string;
    };

/**
 * Applies edits to YAML text, touching only the bytes each edit must change, so comments,
 * blank lines, quoting and key order elsewhere stay as the user wrote them. Each patch is
 * checked against the same edit made through the yaml Document API; where a layout is too
 * unusual to patch in place, the Document API's rendering (comments kept) is used instead.
 */
export function applyYamlEdits(text: string, edits: readonly YamlEdit[]): string {
  // Work on LF text; a CRLF file gets CRLF back, including in the lines an edit adds.
  const crlf = text.includes("\r\n");
  let current = crlf ? text.replace(/\r\n/g, "\n") : text;
  for (const edit of edits) current = applyEdit(current, edit);
  return crlf ? current.replace(/\n/g, "\r\n") : current;
}

function applyEdit(text: string, edit: YamlEdit): string {
  const expected = parseDocument(text);
  if (expected.errors.length > 0) {
    throw new TypeError(
      `cannot edit YAML with syntax errors: ${expected.errors[0]?.message ?? ""}`,
    );
  }
  editDocument(expected, edit);
  const want = resolvedValue(expected);
  const patched = patch(text, parseDocument(text), edit);
  if (patched !== undefined) {
    const check = parseDocument(patched);
    if (check.errors.length === 0 && isDeepStrictEqual(check.toJS(), want)) return patched;
  }
  return expected.toString(writeOptions(styleOf(text)));
}

/** The edited document's value; an edit that strands an alias (`*name`) is refused. */
function resolvedValue(doc: Document): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new BatonError(
      "E_CONFIG_INVALID",
      `refused: the change would leave an alias without its anchor (${detail})`,
      {
        hint: "write the aliased value out in full where it is used (*name), then try again",
      },
    );
  }
}

/** The same edit through the Document API: the reference result. */
function editDocument(doc: Document, edit: YamlEdit): void {
  if (edit.op === "remove") {
    doc.deleteIn(edit.path);
    return;
  }
  if (edit.op === "set") {
    doc.setIn(edit.path, doc.createNode(edit.value));
    return;
  }
  const target = doc.getIn(edit.path, true);
  const item = doc.createNode(edit.value);
  if (isSeq(target)) {
    const last = target.items[target.items.length - 1];
    if ((isMap(item) || isSeq(item)) && (isMap(last) || isSeq(last)) && last.flow === true)
      item.flow = true;
    target.items.push(item);
  } else {
    doc.setIn(edit.path, doc.createNode([edit.value]));
  }
}

function patch(text: string, doc: Document, edit: YamlEdit): string | undefined {
  const style = styleOf(text);
  const parentPath = edit.path.slice(0, -1);
  const last = edit.path[edit.path.length - 1];
  if (last === undefined) return undefined;
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  switch (edit.op) {
    case "append": {
      const target = doc.getIn(edit.path, true);
      if (isSeq(target) && !(target.flow === true && target.items.length === 0))
        return appendItem(text, target, edit.value, style);
      if (isMap(parent) && (target === undefined || isEmpty(target)))
        return setKey(text, parent, String(last), [edit.value], style);
      return undefined;
    }
    case "remove":
      if (isSeq(parent) && typeof last === "number")
        return removeItem(text, parentPath, parent, last, style);
      if (isMap(parent)) return removeKey(text, parentPath, parent, String(last), style);
      return undefined;
    case "set":
      return isMap(parent)
        ? setKey(text, parent, String(last), edit.value, style, edit.after)
        : undefined;
  }
}

type Ranged = { range?: [number, number, number] | null };

function rangeOf(node: unknown): [number, number, number] | undefined {
  return (node as Ranged | null)?.range ?? undefined;
}

/** A null value or an empty flow collection (`[]`, `{}`): replaced whole by an edit. */
function isEmpty(node: unknown): boolean {
  if (isScalar(node)) return node.value === null;
  return (isSeq(node) || isMap(node)) && node.flow === true && node.items.length === 0;
}

/** Offset of the `-` that introduces a block sequence item. */
function dashOf(text: string, item: unknown): number | undefined {
  const range = rangeOf(item);
  if (!range) return undefined;
  let i = range[0] - 1;
  while (i >= 0 && text[i] === " ") i--;
  return text[i] === "-" && startsLine(text, i) ? i : undefined;
}

function appendItem(
  text: string,
  seq: YAMLSeq,
  value: unknown,
  style: TextStyle,
): string | undefined {
  const range = rangeOf(seq);
  if (!range) return undefined;
  const last = seq.items[seq.items.length - 1];
  if (seq.flow === true) {
    const items = [...seq.toJSON(), value];
    return splice(text, range[0], range[1], valueText(items, true, style));
  }
  const first = seq.items[0];
  const dash = dashOf(text, first);
  const lastRange = rangeOf(last);
  if (dash === undefined || !lastRange) return undefined;
  const flow = (isMap(last) || isSeq(last)) && last.flow === true;
  const spaced =
    seq.items.length > 1 &&
    seq.items.slice(1).every((it) => (it as { spaceBefore?: boolean }).spaceBefore === true);
  const at = afterNode(text, lastRange);
  const lead = at === text.length && !text.endsWith("\n") ? "\n" : "";
  const body = flow ? `- ${valueText(value, true, style)}` : valueText([value], false, style);
  const item = `${lead}${spaced ? "\n" : ""}${indent(body, columnOf(text, dash))}\n`;
  return splice(text, at, at, item);
}

function removeItem(
  text: string,
  seqPath: YamlPath,
  seq: YAMLSeq,
  index: number,
  style: TextStyle,
): string | undefined {
  const item = seq.items[index];
  const seqRange = rangeOf(seq);
  if (!seqRange || item === undefined) return undefined;
  if (seq.flow === true) {
    const items = seq.toJSON().filter((_, i) => i !== index);
    return splice(text, seqRange[0], seqRange[1], valueText(items, true, style));
  }
  const dash = dashOf(text, item);
  const itemRange = rangeOf(item);
  if (dash === undefined || !itemRange) return undefined;
  let start = lineStart(text, dash);
  start = withCommentsAbove(text, start, columnOf(text, dash));
  let end = afterNode(text, itemRange);
  if (index === seq.items.length - 1 && index > 0) start = trimBlankBefore(text, start);
  else if (seq.items.length > 1)
    end = skipBlankLines(text, end, index === 0 || lineBlankBefore(text, start));
  const removed = splice(text, start, end, "");
  if (seq.items.length > 1) return removed;
  return markEmpty(removed, seqPath, [], style);
}

function removeKey(
  text: string,
  mapPath: YamlPath,
  map: YAMLMap,
  key: string,
  style: TextStyle,
): string | undefined {
  const pair = findPair(map, key);
  const mapRange = rangeOf(map);
  if (!pair || !mapRange) return undefined;
  if (map.flow === true) {
    const rest = Object.fromEntries(
      Object.entries(map.toJSON() as Record<string, unknown>).filter(([k]) => k !== key),
    );
    return splice(text, mapRange[0], mapRange[1], valueText(rest, true, style));
  }
  const keyRange = rangeOf(pair.key);
  if (!keyRange || !startsLine(text, keyRange[0])) return undefined;
  const start = withCommentsAbove(text, lineStart(text, keyRange[0]), columnOf(text, keyRange[0]));
  const end = afterNode(text, rangeOf(pair.value) ?? keyRange);
  const removed = splice(text, start, end, "");
  if (map.items.length > 1) return removed;
  return markEmpty(removed, mapPath, {}, style);
}

/** After a list or map lost its last entry, writes it as `[]` or `{}` so it keeps its type. */
function markEmpty(
  text: string,
  path: YamlPath,
  empty: unknown[] | object,
  style: TextStyle,
): string | undefined {
  const doc = parseDocument(text);
  const parent = path.length <= 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  return isMap(parent) && key !== undefined
    ? setKey(text, parent, String(key), empty, style)
    : undefined;
}

function setKey(
  text: string,
  map: YAMLMap,
  key: string,
  value: unknown,
  style: TextStyle,
  after?: string,
): string | undefined {
  const mapRange = rangeOf(map);
  if (!mapRange) return undefined;
  const pair = findPair(map, key);
  const scalarValue = value === null || typeof value !== "object";
  if (map.flow === true) {
    const next = { ...(map.toJSON() as Record<string, unknown>), [key]: value };
    return splice(text, mapRange[0], mapRange[1], valueText(next, true, style));
  }
  if (pair) {
    const keyRange = rangeOf(pair.key);
    const valueRange = rangeOf(pair.value);
    if (!keyRange) return undefined;
    if (valueRange && isScalar(pair.value) && pair.value.value !== null && scalarValue) {
      return splice(text, valueRange[0], valueRange[1], valueText(value, false, style));
    }
    if (pair.value !== null && !isEmpty(pair.value)) return undefined;
    if (valueRange && lineEnd(text, valueRange[0]) !== lineEnd(text, keyRange[0])) return undefined;
    const colon = text.indexOf(":", keyRange[1]);
    if (colon < 0) return undefined;
    const inline = scalarValue || isEmptyCollection(value);
    const restStart = valueRange && !isScalar(pair.value) ? valueRange[1] : colon + 1;
    const rest = text.slice(restStart, lineEnd(text, colon)).replace(/\n$/, "").trim();
    const comment = rest.startsWith("#") ? ` ${rest}` : "";
    const body = inline
      ? ` ${valueText(value, true, style)}${comment}\n`
      : `${comment}\n${indent(valueText(value, false, style), columnOf(text, keyRange[0]) + (Array.isArray(value) && !style.indentSeq ? 0 : 2))}\n`;
    return splice(text, colon + 1, lineEnd(text, colon), body);
  }
  const firstKey = rangeOf(map.items[0]?.key);
  const lastPair =
    (after === undefined ? undefined : findPair(map, after)) ?? map.items[map.items.length - 1];
  if (!firstKey || !lastPair) return undefined;
  const at = afterNode(text, rangeOf(lastPair.value) ?? rangeOf(lastPair.key) ?? mapRange);
  const lead = at === text.length && !text.endsWith("\n") ? "\n" : "";
  const entry =
    isEmptyCollection(value) || scalarValue
      ? `${key}: ${valueText(value, true, style)}`
      : valueText({ [key]: value }, false, style);
  return splice(text, at, at, `${lead}${indent(entry, columnOf(text, firstKey[0]))}\n`);
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
}

function isEmptyCollection(value: unknown): boolean {
  return (
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length === 0)
  );
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Moves `start` up over comment lines written at `column` directly above it: they describe the item. */
function withCommentsAbove(text: string, start: number, column: number): number {
  let current = start;
  while (current > 0) {
    const previous = lineStart(text, current - 1);
    const line = text.slice(previous, current - 1);
    if (!line.startsWith(" ".repeat(column) + "#")) break;
    current = previous;
  }
  return current;
}

function lineBlankBefore(text: string, start: number): boolean {
  if (start === 0) return true;
  return text.slice(lineStart(text, start - 1), start).trim() === "";
}

/** When removing a list's last item, drop the blank lines that separated it from the one before. */
function trimBlankBefore(text: string, start: number): number {
  let current = start;
  while (current > 0 && text.slice(lineStart(text, current - 1), current).trim() === "")
    current = lineStart(text, current - 1);
  return current;
}

function skipBlankLines(text: string, end: number, skip: boolean): number {
  if (!skip) return end;
  let current = end;
  while (current < text.length) {
    const next = lineEnd(text, current);
    if (text.slice(current, next).trim() !== "") break;
    current = next;
  }
  return current;
}
