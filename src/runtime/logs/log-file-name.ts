// One node's log is `<node>.log` (current) plus `<node>.log.1` … `.N` (rotated; higher is older).
// Node names are DNS labels in a valid circuit; the check here only guarantees that a name can
// never reach outside the logs folder.

/** The current log file of a node is its name plus this. */
export const LOG_SUFFIX = ".log";

/** A node's log file as `parseLogFileName` reads it: generation 0 is current, k is `.k`. */
export interface LogFileName {
  readonly node: string;
  readonly generation: number;
}

const LOG_FILE = /^(.+)\.log(?:\.([1-9]\d*))?$/;

/** True when `node` is usable as a file name: non-empty, no `/`, `\`, `..` or NUL. */
export function isNodeName(node: unknown): node is string {
  return (
    typeof node === "string" &&
    node !== "" &&
    node !== "." &&
    !node.includes("/") &&
    !node.includes("\\") &&
    !node.includes("..") &&
    !node.includes("\0")
  );
}

/** Throws a TypeError (a programmer error) unless `isNodeName(node)`. */
export function assertNodeName(node: string): void {
  if (!isNodeName(node))
    throw new TypeError(
      `a log's node name must be a plain file name (no "/", "\\", ".." or NUL), got ${JSON.stringify(node)}`,
    );
}

/** The file name of `node`'s log: current for generation 0, else rotated `.generation`. */
export function logFileName(node: string, generation = 0): string {
  assertNodeName(node);
  return generation === 0 ? `${node}${LOG_SUFFIX}` : `${node}${LOG_SUFFIX}.${generation}`;
}

/** The node and generation of a log file name, or undefined for any other file. */
export function parseLogFileName(name: string): LogFileName | undefined {
  const match = LOG_FILE.exec(name);
  if (!match || !isNodeName(match[1]) || name.startsWith(".")) return undefined;
  return { node: match[1], generation: match[2] === undefined ? 0 : Number(match[2]) };
}
