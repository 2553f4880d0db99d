import type { Clock, Random } from "../common/index.js";
import type { AdapterStats, SignalBuffer } from "./stats/index.js";
import type { OutlierEjector } from "./upstream/index.js";

/** What every adapter's request path works with: its collaborators and counters. */
export interface TrafficContext {
  readonly node: string;
  readonly clock: Clock;
  readonly random: Random;
  readonly stats: AdapterStats;
  readonly signals: SignalBuffer;
  readonly ejector: OutlierEjector;
  readonly isAvailable: (target: string) => boolean;
  /** Requests (calls) in flight, kept by the request path. */
  active: number;
}
