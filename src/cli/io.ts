/** Where the CLI reads its surroundings and writes its output; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** `out` is a terminal: progress may redraw its line. */
  readonly isTTY?: boolean;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
  };
}
