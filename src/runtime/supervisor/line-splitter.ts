import { CUT_MARKER, MAX_LINE_CHARS } from "./defaults.js";

/** Receives one line without its newline (and `\r`); `cut` when it was longer than allowed. */
export type LineSink = (text: string, cut: boolean) => void;

/**
 * Turns decoded chunks of a stream into lines: split on `\n`, a trailing `\r` stripped, a line
 * longer than `maxChars` cut there (marked with CUT_MARKER and emitted at once, so memory stays
 * bounded and a newline-less flood still shows) and the rest of it dropped. `end()` emits a
 * last line that had no newline.
 */
export class LineSplitter {
  private pending = "";
  /** Dropping the rest of a cut line until its newline. */
  private cutting = false;

  constructor(
    private readonly sink: LineSink,
    private readonly maxChars = MAX_LINE_CHARS,
  ) {
    if (!Number.isInteger(maxChars) || maxChars < 1) {
      throw new TypeError(`maxChars must be a positive integer, got ${maxChars}`);
    }
  }

  /** Feeds the next decoded chunk. */
  push(chunk: string): void {
    let start = 0;
    for (let newline = chunk.indexOf("\n"); newline >= 0; newline = chunk.indexOf("\n", start)) {
      this.append(chunk, start, newline);
      this.finishLine();
      start = newline + 1;
    }
    this.append(chunk, start, chunk.length);
  }

  /** Emits the last line if it had no newline; the splitter can be reused afterwards. */
  end(): void {
    if (this.pending !== "") this.finishLine();
    this.cutting = false;
  }

  private append(chunk: string, from: number, to: number): void {
    if (this.cutting || from === to) return;
    const room = this.maxChars - this.pending.length;
    if (to - from <= room) {
      this.pending += chunk.slice(from, to);
      return;
    }
    let text = this.pending + chunk.slice(from, from + room);
    // Never leave half of a surrogate pair at the cut.
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
    this.pending = "";
    this.cutting = true;
    this.sink(text + CUT_MARKER, true);
  }

  private finishLine(): void {
    if (this.cutting) {
      this.cutting = false;
      return;
    }
    const text = this.pending.endsWith("\r") ? this.pending.slice(0, -1) : this.pending;
    this.pending = "";
    this.sink(text, false);
  }
}
