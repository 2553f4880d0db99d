import { describe, expect, it } from "vitest";
import type { CliIo } from "../io.js";
import { progressPrinter } from "./progress.js";

function printed(isTTY: boolean): { io: CliIo; text: () => string } {
  let text = "";
  return {
    io: { cwd: "/", out: (t) => (text += t), err: () => undefined, isTTY },
    text: () => text,
  };
}

const STEPS = [
  { step: "start a", event: "started", attempt: 1 },
  { step: "start a", event: "retrying", attempt: 1, error: "port busy" },
  { step: "start a", event: "started", attempt: 2 },
  { step: "start a", event: "completed", attempt: 2 },
  { step: "check a", event: "started", attempt: 1 },
  { step: "check a", event: "failed", attempt: 1, error: "404 on /a" },
] as const;

describe("progressPrinter", () => {
  it("prints one line per ended step when not on a terminal", () => {
    const { io, text } = printed(false);
    const print = progressPrinter(io);
    for (const s of STEPS) print(s);
    expect(text()).toBe("  ↻ start a: port busy (retrying)\n  ✓ start a\n  ✗ check a: 404 on /a\n");
  });

  it("shows the step in progress on a terminal, redrawn when it ends", () => {
    const { io, text } = printed(true);
    const print = progressPrinter(io);
    for (const s of STEPS.slice(0, 4)) print(s);
    expect(text()).toBe(
      "  … start a\r\x1b[2K  ↻ start a: port busy (retrying)\n  … start a\r\x1b[2K  ✓ start a\n",
    );
  });

  it("prints what a service said inert: no escape sequence, one line", () => {
    const { io, text } = printed(false);
    progressPrinter(io)({
      step: "check a",
      event: "failed",
      attempt: 1,
      error: "\u001b[31mred\u001b[0m\nnext\rline",
    });
    expect(text()).toBe("  ✗ check a: red\\nnext\\rline\n");
  });
});
