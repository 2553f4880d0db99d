import { BatonError } from "../../common/index.js";
import type { JsonObject, JsonValue } from "../events/json-value.js";
import type { JobOptions } from "./job-record.js";
import type { SheetSpec } from "./sheet-state.js";

/** A job config as `ResumeJob.newConfig` / `ConfigReloaded.newConfig` carry it, parsed. */
export interface JobConfig {
  readonly sheets: SheetSpec[];
  readonly dependencies: Map<number, number[]>;
  readonly options: JobOptions;
}

function bad(jobId: string, why: string): never {
  throw new BatonError("E_JOB_INVALID", `job '${jobId}': new config: ${why}`, {
    hint: "send a config with `sheets: [{sheetNum, instrument, …}]` and optional `dependencies`",
  });
}

function optionalNumber(jobId: string, o: JsonObject, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number") bad(jobId, `${key} must be a number`);
  return v;
}

function optionalBoolean(jobId: string, o: JsonObject, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") bad(jobId, `${key} must be a boolean`);
  return v;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sheetSpec(jobId: string, v: JsonValue): SheetSpec {
  if (!isObject(v)) bad(jobId, "each sheet must be an object");
  const sheetNum = v["sheetNum"];
  const instrument = v["instrument"];
  if (typeof sheetNum !== "number") bad(jobId, "sheetNum must be a number");
  if (typeof instrument !== "string") bad(jobId, `sheet ${sheetNum}: instrument must be a string`);
  const model = v["model"];
  const chain = v["fallbackChain"];
  if (model !== undefined && model !== null && typeof model !== "string")
    bad(jobId, `sheet ${sheetNum}: model must be a string`);
  if (chain !== undefined && (!Array.isArray(chain) || chain.some((c) => typeof c !== "string")))
    bad(jobId, `sheet ${sheetNum}: fallbackChain must be a list of instrument names`);
  return {
    sheetNum,
    instrument,
    model: typeof model === "string" ? model : null,
    maxRetries: optionalNumber(jobId, v, "maxRetries"),
    maxCompletion: optionalNumber(jobId, v, "maxCompletion"),
    fallbackChain: (chain ?? []) as string[],
    timeoutSeconds: optionalNumber(jobId, v, "timeoutSeconds"),
  };
}

/**
 * Reads `{sheets: [...], dependencies?: {"<sheet>": [<dep>, …]}, escalationEnabled?,
 * selfHealingEnabled?, pacingSeconds?, costLimitUsd?}`. Shape errors throw E_JOB_INVALID;
 * number ranges and the graph are checked by registration.
 */
export function parseJobConfig(jobId: string, config: JsonObject): JobConfig {
  const sheets = config["sheets"];
  if (!Array.isArray(sheets)) bad(jobId, "sheets must be a list");
  const dependencies = new Map<number, number[]>();
  const deps = config["dependencies"];
  if (deps !== undefined && deps !== null) {
    if (!isObject(deps)) bad(jobId, "dependencies must be an object keyed by sheet number");
    for (const [key, list] of Object.entries(deps)) {
      if (!Array.isArray(list) || list.some((d) => typeof d !== "number"))
        bad(jobId, `dependencies of sheet ${key} must be a list of sheet numbers`);
      dependencies.set(Number(key), list as number[]);
    }
  }
  return {
    sheets: (sheets as readonly JsonValue[]).map((s) => sheetSpec(jobId, s)),
    dependencies,
    options: {
      escalationEnabled: optionalBoolean(jobId, config, "escalationEnabled"),
      selfHealingEnabled: optionalBoolean(jobId, config, "selfHealingEnabled"),
      pacingSeconds: optionalNumber(jobId, config, "pacingSeconds"),
      costLimitUsd: optionalNumber(jobId, config, "costLimitUsd"),
    },
  };
}
