// Defaults of length-prefixed framing, with the source of each number.

/** Largest frame payload accepted, bytes: gRPC's default max receive message size, 4 MiB. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** Size of the big-endian unsigned length prefix, bytes. */
export const FRAME_HEADER_BYTES = 4;
/** Largest length a 4-byte prefix can carry. */
export const MAX_FRAME_LENGTH_FIELD = 0xffff_ffff;
