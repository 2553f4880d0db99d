import { drawChance, drawInt } from "./draw.js";
import { canonicalJson, countAt, isSchemaObject, setOwn, type Schema } from "./keywords.js";
import type { Walker } from "./walker.js";

/** Dynamic arrays get between minItems and this many more items (the brief). */
const DYNAMIC_EXTRA_ITEMS = 3;
/** Dynamic mode includes each optional property with this probability. */
const OPTIONAL_PROPERTY_CHANCE = 0.5;
/** Dynamic maps (an additionalProperties schema) get up to this many extra keys. */
const DYNAMIC_EXTRA_KEYS = 2;
/** Fresh draws for an array item that repeated an earlier one under uniqueItems. */
const UNIQUE_ITEM_ATTEMPTS = 16;
/** Extra keys are named as Swagger UI and openapi-sampler name them. */
const EXTRA_KEY_PREFIX = "additionalProp";

interface Entry {
  readonly name: string;
  readonly schema: unknown;
  readonly required: boolean;
}

/** Properties in schema order, required ones first; those hidden in this direction dropped. */
function entriesOf(s: Schema, walker: Walker): Entry[] {
  const properties = isSchemaObject(s.properties) ? s.properties : {};
  const required = new Set(
    Array.isArray(s.required) ? s.required.filter((r) => typeof r === "string") : [],
  );
  const extra = isSchemaObject(s.additionalProperties) ? s.additionalProperties : {};
  const all: Entry[] = [
    ...Object.keys(properties)
      .filter((name) => required.has(name))
      .map((name) => ({ name, schema: properties[name], required: true })),
    // Required names with no property schema take the additionalProperties schema.
    ...[...required]
      .filter((name) => !Object.hasOwn(properties, name))
      .map((name) => ({ name, schema: extra, required: true })),
    ...Object.keys(properties)
      .filter((name) => !required.has(name))
      .map((name) => ({ name, schema: properties[name], required: false })),
  ];
  const hidden = walker.direction === "response" ? "writeOnly" : "readOnly";
  return all.filter((e) => e.schema !== false && walker.flatten(e.schema)[hidden] !== true);
}

/**
 * An object: static mode has every property, dynamic mode the required ones and each optional
 * one with probability 1/2, then min/maxProperties met by adding or dropping optional ones.
 * readOnly properties are left out of requests and writeOnly ones out of responses, even when
 * required (OpenAPI: required applies only in the direction the property travels). At the
 * depth limit only required properties remain, as stubs.
 */
export function generateObject(s: Schema, walker: Walker, depth: number): Record<string, unknown> {
  const atLimit = depth >= walker.maxDepth;
  const entries = entriesOf(s, walker);
  const minProperties = countAt(s, "minProperties") ?? 0;
  const maxProperties = countAt(s, "maxProperties") ?? Infinity;
  const chosen = entries.filter(
    (e) =>
      e.required ||
      (!atLimit && (walker.isStatic || drawChance(walker.random, OPTIONAL_PROPERTY_CHANCE))),
  );
  for (const e of entries) {
    if (chosen.length >= minProperties || atLimit) break;
    if (!chosen.includes(e)) chosen.push(e);
  }
  while (chosen.length > maxProperties) {
    const i = chosen.findLastIndex((e) => !e.required);
    if (i < 0) break;
    chosen.splice(i, 1);
  }
  const out: Record<string, unknown> = {};
  for (const e of chosen) setOwn(out, e.name, walker.generate(e.schema, depth + 1, atLimit));
  if (!atLimit) addExtraKeys(s, walker, depth, out, minProperties, maxProperties);
  return out;
}

/** Keys beyond `properties`: as many as minProperties needs, plus a few for dynamic maps. */
function addExtraKeys(
  s: Schema,
  walker: Walker,
  depth: number,
  out: Record<string, unknown>,
  minProperties: number,
  maxProperties: number,
): void {
  const extra = s.additionalProperties;
  if (extra === false) return;
  let wanted = Math.max(0, minProperties - Object.keys(out).length);
  if (!walker.isStatic && isSchemaObject(extra))
    wanted += drawInt(walker.random, 0, DYNAMIC_EXTRA_KEYS);
  wanted = Math.min(wanted, maxProperties - Object.keys(out).length);
  for (let n = 1; wanted > 0; n++) {
    const name = `${EXTRA_KEY_PREFIX}${n}`;
    if (Object.hasOwn(out, name)) continue;
    setOwn(out, name, walker.generate(isSchemaObject(extra) ? extra : {}, depth + 1, false));
    wanted--;
  }
}

/**
 * An array: static mode shows max(minItems, 1) items, dynamic mode between minItems and
 * minItems + 3, both within maxItems; a tuple (`prefixItems`, or draft-4 `items: [...]`) is
 * shown whole and gets no extra items unless `items` / `additionalItems` allows them. At the
 * depth limit, `[]`. uniqueItems: a repeated item is drawn again (in static mode from a seeded
 * dynamic walk, so the output stays seed-independent); if it keeps repeating, the array ends.
 */
export function generateArray(s: Schema, walker: Walker, depth: number): unknown[] {
  if (depth >= walker.maxDepth) return [];
  const tuple = Array.isArray(s.prefixItems)
    ? s.prefixItems
    : Array.isArray(s.items)
      ? s.items
      : [];
  const rest: unknown = Array.isArray(s.items) ? s.additionalItems : s.items;
  const open = rest !== false && (tuple.length === 0 || rest !== undefined);
  const minItems = countAt(s, "minItems") ?? 0;
  const maxItems = countAt(s, "maxItems") ?? Infinity;
  const shortest = Math.max(minItems, tuple.length);
  let count = walker.isStatic
    ? Math.max(shortest, 1)
    : drawInt(
        walker.random,
        shortest,
        Math.max(shortest, Math.min(maxItems, minItems + DYNAMIC_EXTRA_ITEMS)),
      );
  if (!open) count = Math.min(count, Math.max(minItems, tuple.length));
  count = Math.max(Math.min(count, maxItems), minItems); // an impossible max yields to min
  const unique = s.uniqueItems === true;
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const schema: unknown = i < tuple.length ? tuple[i] : isSchemaObject(rest) ? rest : {};
    let value = walker.generate(schema, depth + 1, false);
    for (let attempt = 1; unique && seen.has(canonicalJson(value)); attempt++) {
      if (attempt > UNIQUE_ITEM_ATTEMPTS) return out;
      value = walker.retry(i * UNIQUE_ITEM_ATTEMPTS + attempt).generate(schema, depth + 1, false);
    }
    if (unique) seen.add(canonicalJson(value));
    out.push(value);
  }
  return out;
}
