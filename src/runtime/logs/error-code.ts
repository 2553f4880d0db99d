/** True when `error` is a Node system error with this `code` (`ENOENT`, …); matched by code, never message. */
export function hasErrorCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | null)?.code === code;
}
