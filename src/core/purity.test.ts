import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The core is pure (shared/design.md §3): events in, state and effects out. Time, randomness
// and I/O come in through injected ports, never from globals.
const FORBIDDEN: readonly [RegExp, string][] = [
  [/\bDate\.now\s*\(|\bnew Date\s*\(/, "global Date: take time from the injected clock"],
  [
    /\bsetTimeout\s*\(|\bsetInterval\s*\(|\bsetImmediate\s*\(/,
    "global timers: schedule through the timer wheel",
  ],
  [/\bMath\.random\s*\(/, "Math.random: use the injected random source"],
  [/\bperformance\.now\s*\(/, "performance.now: take time from the injected clock"],
  [/(?<![\w.$"'`])process\./, "process: the core knows nothing of its host"],
  [/(?<![\w.$"'`])console\./, "console: the core emits events, it never prints"],
  [/from\s+["'](?!\.)/, "imports from outside src/ (npm, node:)"],
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(join(dir, e.name))
      : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")
        ? [join(dir, e.name)]
        : [],
  );
}

describe("src/core purity", () => {
  it("uses no global clock, timer, randomness, process, console or outside import", () => {
    const found: string[] = [];
    for (const file of files(import.meta.dirname)) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
        for (const [pattern, why] of FORBIDDEN) {
          if (pattern.test(line))
            found.push(`${relative(import.meta.dirname, file)}:${i + 1} ${why}`);
        }
      });
    }
    expect(found).toEqual([]);
  });
});
