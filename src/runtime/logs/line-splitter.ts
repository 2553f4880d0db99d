import { MAX_LINE_CHARS } from "./defaults.js";

/**
 * Cuts a child's output into lines as chunks arrive: `\n` or `\r\n` ends a line; a line longer
 * than `maxLineChars` is handed out in pieces, so output without line breaks costs bounded
 * memory (node's readline would hold all of it). Feed it strings (`stream.setEncoding("utf8")`
 * keeps multi-byte characters whole across chunks).
 */
export class LineSplitter {
  readonly #maxLineChars: number;
  #partial = "";

  constructor(maxLineChars = MAX_LINE_CHARS) {
    if (!Number.isSafeInteger(maxLineChars) || maxLineChars < 1)
      throw new TypeError(`maxLineChars must be a positive integer, got ${maxLineChars}`);
    this.#maxLineChars = maxLineChars;
  }

  /** The lines `chunk` completes, without their line breaks. */
  push(chunk: string): string[] {
    const parts = (this.#partial + chunk).split("\n");
    this.#partial = parts.pop() ?? "";
    const lines: string[] = [];
    for (const part of parts) this.#add(lines, part.endsWith("\r") ? part.slice(0, -1) : part);
    while (this.#partial.length > this.#maxLineChars) {
      const cut = this.#cut(this.#partial);
      lines.push(this.#partial.slice(0, cut));
      this.#partial = this.#partial.slice(cut);
    }
    return lines;
  }

  /** The last line when the output did not end with a line break (call when the stream ends). */
  end(): string[] {
    const rest = this.#partial.endsWith("\r") ? this.#partial.slice(0, -1) : this.#partial;
    this.#partial = "";
    return rest === "" ? [] : [rest];
  }

  #add(lines: string[], line: string): void {
    let rest = line;
    while (rest.length > this.#maxLineChars) {
      const cut = this.#cut(rest);
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    lines.push(rest);
  }

  /** Where to cut an over-long `text`: at the limit, or one before so a surrogate pair stays whole. */
  #cut(text: string): number {
    const code = text.charCodeAt(this.#maxLineChars - 1);
    const highSurrogate = code >= 0xd800 && code <= 0xdbff;
    return highSurrogate && this.#maxLineChars > 1 ? this.#maxLineChars - 1 : this.#maxLineChars;
  }
}
