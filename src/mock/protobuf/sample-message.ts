import protobuf from "protobufjs";
import type { Field, Type } from "protobufjs";

/** Nested messages filled below the top one; deeper message fields stay unset (ends recursion). */
export const SAMPLE_DEPTH = 3;

/**
 * A sample `type` message in proto3 JSON form. Every field gets a fixed, non-default value of
 * its type, so a client sees each field on the wire (proto3 does not send default values) and
 * the same contract always yields the same bytes: strings "string", numbers 1, bools true,
 * bytes "bytes", enums their first non-zero value (the zero one if that is all there is),
 * repeated fields and maps one element (map key "key", or 1 / true by key type), the first
 * member of each oneof only, nested messages recursively down to SAMPLE_DEPTH levels (so
 * recursive types end). google.protobuf.Any stays empty: a type URL made up here would point
 * at nothing.
 */
export function sampleMessage(type: Type, depth = 0): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  if (type.fullName === ".google.protobuf.Any") return sample;
  for (const field of type.fieldsArray) {
    const group = field.partOf;
    if (group !== null && group.oneof[0] !== field.name) continue;
    const value = sampleValue(field, depth);
    if (value === undefined) continue;
    if (field instanceof protobuf.MapField)
      sample[field.name] = { [sampleKey(field.keyType)]: value };
    else sample[field.name] = field.repeated ? [value] : value;
  }
  return sample;
}

/** One value of the field's element type, or undefined past the depth limit. */
function sampleValue(field: Field, depth: number): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    return depth + 1 > SAMPLE_DEPTH ? undefined : sampleMessage(resolved, depth + 1);
  }
  if (resolved instanceof protobuf.Enum) {
    const entries = Object.entries(resolved.values);
    return (entries.find(([, number]) => number !== 0) ?? entries[0])?.[0];
  }
  return sampleScalar(field.type);
}

function sampleScalar(type: string): unknown {
  switch (type) {
    case "string":
      return "string";
    case "bool":
      return true;
    case "bytes":
      return Buffer.from("bytes").toString("base64");
    default:
      // Every remaining scalar is a number (int32 … fixed64, float, double).
      return 1;
  }
}

/** Map keys are strings in JSON whatever their declared type. */
function sampleKey(keyType: string): string {
  if (keyType === "string") return "key";
  return keyType === "bool" ? "true" : "1";
}
