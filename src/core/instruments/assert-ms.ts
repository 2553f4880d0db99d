/** Throws a TypeError unless `value` is a finite, non-negative time or duration in ms. */
export function assertMs(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0)
    throw new TypeError(`${name} must be a finite, non-negative number of ms, got ${value}`);
}
