import type { StepProgressLine } from "../../api/index.js";
import type { CliIo } from "../io.js";
import { inertText } from "./inert-text.js";

/**
 * Prints an operation's steps as they happen: on a terminal the step in progress is shown on
 * one line, redrawn when it ends; elsewhere (logs, pipes) one line per step that ended.
 */
export function progressPrinter(io: CliIo): (line: StepProgressLine) => void {
  let drawn = false;
  return (p) => {
    if (io.isTTY === true && drawn) io.out("\r\x1b[2K");
    drawn = false;
    if (p.event === "started") {
      if (io.isTTY !== true) return;
      io.out(`  … ${inertText(p.step)}`);
      drawn = true;
      return;
    }
    const mark = p.event === "completed" ? "✓" : p.event === "retrying" ? "↻" : "✗";
    const cause =
      p.error === undefined
        ? ""
        : `: ${inertText(p.error)}${p.event === "retrying" ? " (retrying)" : ""}`;
    io.out(`  ${mark} ${inertText(p.step)}${cause}\n`);
  };
}
