import { FRAME_HEADER_BYTES, MAX_FRAME_LENGTH_FIELD } from "./frame-defaults.js";

/** The 4-byte big-endian prefix for a payload of `length` bytes. */
export function encodeFrameHeader(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > MAX_FRAME_LENGTH_FIELD) {
    throw new TypeError(
      `a frame length must be an integer in 0..${MAX_FRAME_LENGTH_FIELD}, got ${length}`,
    );
  }
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeUInt32BE(length, 0);
  return header;
}

/** One frame: prefix and payload in a single new buffer. */
export function encodeFrame(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  encodeFrameHeader(payload.length).copy(frame, 0);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/** Several frames back to back in a single new buffer. */
export function encodeFrames(payloads: readonly Uint8Array[]): Buffer {
  return Buffer.concat(payloads.map(encodeFrame));
}
