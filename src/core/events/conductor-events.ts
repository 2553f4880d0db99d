import type { EventBase, EventInit } from "./event-base.js";
import {
  checkAmount,
  checkBoolean,
  checkName,
  checkOneOf,
  checkTimestamp,
  orDefault,
} from "./event-fields.js";

// Events about the whole conductor rather than one job (spec §2.2).

/** How bad a resource reading is. */
export const RESOURCE_SEVERITIES = ["warning", "critical"] as const;
/** Which resource a reading measures. */
export const RESOURCE_METRICS = ["memory", "cpu", "processes"] as const;
/** One of RESOURCE_SEVERITIES. */
export type ResourceSeverity = (typeof RESOURCE_SEVERITIES)[number];
/** One of RESOURCE_METRICS. */
export type ResourceMetric = (typeof RESOURCE_METRICS)[number];

/** A schedule entry is due: start a run of its score unless the previous run is still active. */
export interface CronTick extends EventBase<"CronTick"> {
  readonly entryName: string;
  readonly scorePath: string;
}

/** Stop dispatching and leave the loop; `graceful: false` also cancels every unfinished sheet. */
export interface ShutdownRequested extends EventBase<"ShutdownRequested"> {
  readonly graceful: boolean;
}

/** The monitor saw a resource reading out of bounds (`critical` pauses jobs) or back to normal. */
export interface ResourceAnomaly extends EventBase<"ResourceAnomaly"> {
  readonly severity: ResourceSeverity;
  readonly metric: ResourceMetric;
  readonly value: number;
}

/** Wakes the loop so dispatch and completion checks run; changes nothing itself. */
export type DispatchRetry = EventBase<"DispatchRetry">;

/** Builds a frozen `CronTick`; `now` is wall-clock ms. */
export function cronTick(
  init: EventInit<CronTick, "entryName" | "scorePath">,
  now: number,
): CronTick {
  return Object.freeze({
    type: "CronTick",
    entryName: checkName(init.entryName, "CronTick.entryName"),
    scorePath: checkName(init.scorePath, "CronTick.scorePath"),
    timestamp: checkTimestamp(now, "CronTick.timestamp"),
  });
}

/** Builds a frozen `ShutdownRequested` (graceful by default); `now` is wall-clock ms. */
export function shutdownRequested(
  init: EventInit<ShutdownRequested, never>,
  now: number,
): ShutdownRequested {
  return Object.freeze({
    type: "ShutdownRequested",
    graceful: checkBoolean(orDefault(init.graceful, true), "ShutdownRequested.graceful"),
    timestamp: checkTimestamp(now, "ShutdownRequested.timestamp"),
  });
}

/** Builds a frozen `ResourceAnomaly`; `now` is wall-clock ms. */
export function resourceAnomaly(
  init: EventInit<ResourceAnomaly, "severity" | "metric" | "value">,
  now: number,
): ResourceAnomaly {
  return Object.freeze({
    type: "ResourceAnomaly",
    severity: checkOneOf(init.severity, RESOURCE_SEVERITIES, "ResourceAnomaly.severity"),
    metric: checkOneOf(init.metric, RESOURCE_METRICS, "ResourceAnomaly.metric"),
    value: checkAmount(init.value, "ResourceAnomaly.value"),
    timestamp: checkTimestamp(now, "ResourceAnomaly.timestamp"),
  });
}

/** Builds a frozen `DispatchRetry`; `now` is wall-clock ms. */
export function dispatchRetry(now: number): DispatchRetry {
  return Object.freeze({
    type: "DispatchRetry",
    timestamp: checkTimestamp(now, "DispatchRetry.timestamp"),
  });
}
