import { FRAME_HEADER_BYTES, MAX_FRAME_BYTES } from "./frame-defaults.js";
import type { FrameError } from "./frame-error.js";

/**
 * Receives each complete frame: `payload` without the prefix and `wire` with it (the exact bytes
 * that arrived). Both are views of one buffer; they alias the pushed chunk when the frame sat
 * inside it, so copy them before the chunk's memory is reused.
 */
export type FrameSink = (payload: Buffer, wire: Buffer) => void;

/** Options of a frame decoder. */
export interface FrameDecoderOptions {
  /** Largest payload accepted, bytes (default `MAX_FRAME_BYTES`). */
  maxFrameBytes?: number;
}

/**
 * Streaming decoder for 4-byte big-endian length-prefixed frames. Chunks may split frames
 * anywhere or hold many. Errors are returned, never thrown; after one the decoder stays failed.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  private readonly header = Buffer.alloc(FRAME_HEADER_BYTES);
  private headerFill = 0;
  /** The frame being assembled across chunks (prefix included), or null between frames. */
  private frame: Buffer | null = null;
  private frameFill = 0;
  private failure: FrameError | null = null;
  private framesDecoded = 0;

  /** A decoder that calls `sink` for each complete frame. */
  constructor(
    private readonly sink: FrameSink,
    options: FrameDecoderOptions = {},
  ) {
    this.maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
  }

  /** Frames emitted so far. */
  get frames(): number {
    return this.framesDecoded;
  }

  /** Bytes held for an incomplete frame (header or payload). */
  get pendingBytes(): number {
    return this.frame !== null ? this.frameFill : this.headerFill;
  }

  /** Feeds a chunk; emits every frame it completes. Returns the error that stopped decoding, if any. */
  push(chunk: Buffer): FrameError | null {
    if (this.failure !== null) return this.failure;
    let offset = 0;
    const end = chunk.length;
    while (offset < end) {
      if (this.frame !== null) {
        offset = this.fillFrame(this.frame, chunk, offset);
        continue;
      }
      if (this.headerFill > 0 || end - offset < FRAME_HEADER_BYTES) {
        const take = Math.min(FRAME_HEADER_BYTES - this.headerFill, end - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + take);
        this.headerFill += take;
        offset += take;
        if (this.headerFill < FRAME_HEADER_BYTES) break;
        this.headerFill = 0;
        const frame = this.startFrame(this.header.readUInt32BE(0));
        if (frame === null) return this.failure;
        this.header.copy(frame, 0);
        this.frameFill = FRAME_HEADER_BYTES;
        if (frame.length === FRAME_HEADER_BYTES) this.emitFrame(frame);
        continue;
      }
      const length = chunk.readUInt32BE(offset);
      if (length > this.maxFrameBytes) return this.fail(length);
      const frameEnd = offset + FRAME_HEADER_BYTES + length;
      if (frameEnd <= end) {
        // Whole frame inside this chunk: hand out views, copy nothing.
        this.framesDecoded++;
        this.sink(
          chunk.subarray(offset + FRAME_HEADER_BYTES, frameEnd),
          chunk.subarray(offset, frameEnd),
        );
        offset = frameEnd;
        continue;
      }
      const frame = this.startFrame(length);
      if (frame === null) return this.failure;
      this.frameFill = 0;
      offset = this.fillFrame(frame, chunk, offset);
    }
    return null;
  }

  /** Declares the end of the stream: a frame left half-received is reported as truncated. */
  end(): FrameError | null {
    if (this.failure !== null) return this.failure;
    if (this.frame !== null) {
      this.failure = {
        kind: "truncated",
        expectedBytes: this.frame.length,
        receivedBytes: this.frameFill,
      };
    } else if (this.headerFill > 0) {
      this.failure = {
        kind: "truncated",
        expectedBytes: FRAME_HEADER_BYTES,
        receivedBytes: this.headerFill,
      };
    }
    this.frame = null;
    return this.failure;
  }

  /** Allocates the assembly buffer for a frame announced as `length` bytes, if allowed. */
  private startFrame(length: number): Buffer | null {
    if (length > this.maxFrameBytes) {
      this.fail(length);
      return null;
    }
    this.frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
    return this.frame;
  }

  private fillFrame(frame: Buffer, chunk: Buffer, offset: number): number {
    const take = Math.min(frame.length - this.frameFill, chunk.length - offset);
    chunk.copy(frame, this.frameFill, offset, offset + take);
    this.frameFill += take;
    if (this.frameFill === frame.length) this.emitFrame(frame);
    return offset + take;
  }

  private emitFrame(frame: Buffer): void {
    this.frame = null;
    this.frameFill = 0;
    this.framesDecoded++;
    this.sink(frame.subarray(FRAME_HEADER_BYTES), frame);
  }

  private fail(length: number): FrameError {
    this.failure = { kind: "oversize", length, maxBytes: this.maxFrameBytes };
    this.frame = null;
    return this.failure;
  }
}
