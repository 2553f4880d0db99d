import { stringify, type ToStringOptions } from "yaml";

/** Offset of the first character of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Offset just past the newline that ends the line holding `offset` (or the text's end). */
export function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  return newline < 0 ? text.length : newline + 1;
}

/** Column (0-based) of an offset. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** True when only spaces stand between the line's start and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === "";
}

/** Offset just past a node's own text: its trailing comment and the newline that ends it. */
export function afterNode(text: string, range: readonly number[]): number {
  const end = range[2] ?? range[1] ?? 0;
  return end > 0 && text[end - 1] === "\n" ? end : lineEnd(text, end);
}

/** Prefixes every non-empty line with `columns` spaces. */
export function indent(block: string, columns: number): string {
  const pad = " ".repeat(columns);
  return block
    .split("\n")
    .map((line) => (line === "" ? line : pad + line))
    .join("\n");
}

/** How a file writes what the yaml library lets us choose. */
export interface TextStyle {
  /** `{ a: 1 }` rather than `{a: 1}`. */
  readonly flowPadding: boolean;
  /** `key:\n  - a` rather than `key:\n- a`. */
  readonly indentSeq: boolean;
}

/** Options for text Baton writes; `lineWidth: 0` never folds long strings. */
export function writeOptions(style: TextStyle): ToStringOptions {
  return { lineWidth: 0, flowCollectionPadding: style.flowPadding, indentSeq: style.indentSeq };
}

/** One value as YAML text, block style unless `flow`, without a trailing newline. */
export function valueText(value: unknown, flow: boolean, style: TextStyle): string {
  const options = { ...writeOptions(style), collectionStyle: flow ? "flow" : "any" } as const;
  return stringify(value, options).replace(/\n$/, "");
}

/** The style a file is written in, as far as Baton's edits need to match it. */
export function styleOf(text: string): TextStyle {
  return { flowPadding: detectFlowPadding(text), indentSeq: detectIndentSeq(text) };
}

/** Whether flow collections in this text are written `{ a: 1 }` (padded) or `{a: 1}`. */
export function detectFlowPadding(text: string): boolean {
  const padded = (text.match(/[{[] \S/g) ?? []).length;
  const tight = (text.match(/[{[][^\s\]}]/g) ?? []).length;
  return padded > tight;
}

/** Whether block sequences under a key are indented (`key:\n  - a`) rather than flush (`key:\n- a`). */
export function detectIndentSeq(text: string): boolean {
  const match = /^( *)[^\s#-][^\n]*:[ \t]*(#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)- /m.exec(text);
  if (!match) return true;
  return (match[3] ?? "").length > (match[1] ?? "").length;
}
