// Hand-encoded grpc.health.v1 messages (no protobuf library): the request has one string field,
// the response one enum field. Framing is gRPC's 5-byte message prefix: 1 flag byte
// (compressed or not) and a 4-byte big-endian length.

/** HealthCheckResponse.ServingStatus values (grpc/health/v1/health.proto). */
export const SERVING_STATUS = {
  UNKNOWN: 0,
  SERVING: 1,
  NOT_SERVING: 2,
  SERVICE_UNKNOWN: 3,
} as const;

/** The path of the Check method. */
export const GRPC_HEALTH_CHECK_PATH = "/grpc.health.v1.Health/Check";

const GRPC_PREFIX_BYTES = 5;

/** A framed HealthCheckRequest `{string service = 1}`; "" (all services) encodes as an empty message. */
export function encodeHealthCheckRequest(service: string): Buffer {
  const text = Buffer.from(service, "utf8");
  const body =
    text.length === 0
      ? Buffer.alloc(0)
      : Buffer.concat([Buffer.from([0x0a]), varint(text.length), text]);
  const prefix = Buffer.alloc(GRPC_PREFIX_BYTES);
  prefix.writeUInt32BE(body.length, 1);
  return Buffer.concat([prefix, body]);
}

/** The serving status in a framed HealthCheckResponse, or a short error; never throws. */
export function decodeHealthCheckResponse(
  data: Buffer,
): { readonly servingStatus: number } | { readonly error: string } {
  if (data.length < GRPC_PREFIX_BYTES) return { error: "empty gRPC response" };
  if (data[0] !== 0) return { error: "compressed gRPC response" };
  const length = data.readUInt32BE(1);
  if (data.length < GRPC_PREFIX_BYTES + length) return { error: "truncated gRPC message" };
  const message = data.subarray(GRPC_PREFIX_BYTES, GRPC_PREFIX_BYTES + length);
  let servingStatus: number = SERVING_STATUS.UNKNOWN; // proto3: an absent enum is its zero value
  let at = 0;
  while (at < message.length) {
    const tag = readVarint(message, at);
    if (tag === null) return { error: "bad protobuf tag" };
    at = tag.next;
    const field = Math.floor(tag.value / 8);
    switch (tag.value % 8) {
      case 0: {
        const value = readVarint(message, at);
        if (value === null) return { error: "bad protobuf varint" };
        if (field === 1) servingStatus = value.value;
        at = value.next;
        break;
      }
      case 1:
        at += 8;
        break;
      case 2: {
        const size = readVarint(message, at);
        if (size === null) return { error: "bad protobuf length" };
        at = size.next + size.value;
        break;
      }
      case 5:
        at += 4;
        break;
      default:
        return { error: `unsupported protobuf wire type ${tag.value % 8}` };
    }
  }
  if (at > message.length) return { error: "truncated protobuf field" };
  return { servingStatus };
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** A base-128 varint of at most 10 bytes; values past 2^53 lose precision, which no field here needs. */
function readVarint(data: Buffer, start: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let at = start; at < data.length && at < start + 10; at++) {
    const byte = data[at] ?? 0;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: at + 1 };
    scale *= 0x80;
  }
  return null;
}
