/**
 * What every event carries: its `type` (the spec's PascalCase name, §2.2) and a `timestamp`
 * in milliseconds taken from the injected clock — wall-clock epoch ms for every event except
 * `SheetDispatched`, whose timestamp is a monotonic reading (spec §1.1).
 */
export interface EventBase<T extends string> {
  readonly type: T;
  readonly timestamp: number;
}

/**
 * What a constructor takes for event `E`: the `Required` fields, every other field optional
 * (the spec's default applies), never `type` or `timestamp`.
 */
export type EventInit<E, Required extends keyof E> = Pick<E, Required> &
  Partial<Omit<E, Required | "type" | "timestamp">>;
