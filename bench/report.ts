/** What every benchmark prints last with `--json` (shared/design.md §5). */
export interface BenchReport {
  readonly bench: string;
  readonly figures: Record<string, number>;
  readonly ratios: Record<string, number>;
  readonly targets: Record<string, string>;
  readonly met: boolean;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Prints the human lines, then (with --json) the report as one JSON line. */
export function printReport(report: BenchReport, lines: readonly string[]): void {
  for (const line of lines) console.log(line);
  console.log(`targets met: ${report.met ? "yes" : "NO"}`);
  if (process.argv.includes("--json")) console.log(JSON.stringify(report));
}

/** Milliseconds spent in `run`. */
export function timeMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}
