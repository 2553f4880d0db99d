import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FrameDecoder } from "./frame-decoder.js";
import { MAX_FRAME_BYTES } from "./frame-defaults.js";
import type { FrameError } from "./frame-error.js";
import { encodeFrame, encodeFrameHeader, encodeFrames } from "./frame-encoder.js";

/** Splits `bytes` at the given cut points (any order, duplicates allowed). */
function rechunk(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  return chunks;
}

/** Decodes `chunks`, copying each frame out; returns the frames and the first error. */
function decodeAll(chunks: Buffer[], maxFrameBytes?: number) {
  const frames: Buffer[] = [];
  const wires: Buffer[] = [];
  const decoder = new FrameDecoder(
    (payload, wire) => {
      frames.push(Buffer.from(payload));
      wires.push(Buffer.from(wire));
    },
    { maxFrameBytes },
  );
  let error: FrameError | null = null;
  for (const chunk of chunks) error ??= decoder.push(chunk);
  error ??= decoder.end();
  return { frames, wires, error, decoder };
}

const payloads = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 });

describe("FrameDecoder", () => {
  it("decodes any list of frames, re-chunked anywhere, to the same list", () => {
    fc.assert(
      fc.property(payloads, fc.array(fc.nat(), { maxLength: 30 }), (list, cuts) => {
        const wire = encodeFrames(list);
        const { frames, wires, error } = decodeAll(rechunk(wire, cuts));
        expect(error).toBeNull();
        expect(frames).toEqual(list.map((p) => Buffer.from(p)));
        expect(Buffer.concat(wires).equals(wire)).toBe(true);
      }),
    );
  });

  it("reports an oversize frame as soon as its header is complete", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.nat({ max: 3 }),
        (max, excess, split) => {
          const frames: Buffer[] = [];
          const decoder = new FrameDecoder((p) => frames.push(p), { maxFrameBytes: max });
          const header = encodeFrameHeader(max + excess);
          expect(decoder.push(header.subarray(0, split))).toBeNull();
          expect(decoder.push(header.subarray(split))).toEqual({
            kind: "oversize",
            length: max + excess,
            maxBytes: max,
          });
          // Failed for good: later bytes are ignored and the error repeats.
          expect(decoder.push(encodeFrame(Buffer.alloc(1)))?.kind).toBe("oversize");
          expect(frames).toEqual([]);
        },
      ),
    );
  });

  it("emits the frames before an oversize one, then stops", () => {
    const wire = Buffer.concat([encodeFrame(Buffer.from("ok")), encodeFrameHeader(11)]);
    const { frames, error } = decodeAll([wire], 10);
    expect(frames.map(String)).toEqual(["ok"]);
    expect(error).toEqual({ kind: "oversize", length: 11, maxBytes: 10 });
  });

  it("defaults the limit to 4 MiB", () => {
    expect(MAX_FRAME_BYTES).toBe(4 * 1024 * 1024);
    expect(decodeAll([encodeFrameHeader(MAX_FRAME_BYTES + 1)]).error?.kind).toBe("oversize");
    expect(new FrameDecoder(() => {}).push(encodeFrameHeader(MAX_FRAME_BYTES))).toBeNull();
  });

  it("reports a frame cut short at the end of the stream", () => {
    fc.assert(
      fc.property(
        payloads,
        fc.uint8Array({ minLength: 1, maxLength: 50 }),
        fc.nat(),
        (list, last, cut) => {
          const tail = encodeFrame(last);
          const keep = 1 + (cut % (tail.length - 1)); // 1 .. tail.length - 1 bytes of the last frame
          const wire = Buffer.concat([encodeFrames(list), tail.subarray(0, keep)]);
          const { frames, error } = decodeAll([wire]);
          expect(frames).toHaveLength(list.length);
          expect(error).toEqual({
            kind: "truncated",
            expectedBytes: keep < 4 ? 4 : tail.length,
            receivedBytes: keep,
          });
        },
      ),
    );
  });

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const { error } = decodeAll(
          chunks.map((c) => Buffer.from(c)),
          32,
        );
        if (error !== null) expect(["oversize", "truncated"]).toContain(error.kind);
      }),
    );
  });

  it("hands out views of the chunk when a frame sits inside it", () => {
    const chunk = encodeFrames([Buffer.from("abc"), Buffer.from("de")]);
    const seen: Buffer[] = [];
    new FrameDecoder((payload) => seen.push(payload)).push(chunk);
    expect(seen.map((b) => b.buffer === chunk.buffer)).toEqual([true, true]);
    expect(seen.map(String)).toEqual(["abc", "de"]);
  });

  it("emits empty frames and tracks pending bytes", () => {
    const decoder = new FrameDecoder(() => {});
    expect(decoder.push(encodeFrame(Buffer.alloc(0)))).toBeNull();
    expect(decoder.frames).toBe(1);
    decoder.push(encodeFrame(Buffer.from("xyz")).subarray(0, 5));
    expect(decoder.pendingBytes).toBe(5);
  });
});

describe("frame encoder", () => {
  it("writes a 4-byte big-endian length prefix", () => {
    expect([...encodeFrame(Buffer.from("hi"))]).toEqual([0, 0, 0, 2, 104, 105]);
    expect([...encodeFrameHeader(0x01020304)]).toEqual([1, 2, 3, 4]);
  });

  it("rejects lengths a 4-byte prefix cannot carry", () => {
    expect(() => encodeFrameHeader(-1)).toThrow(TypeError);
    expect(() => encodeFrameHeader(2 ** 32)).toThrow(TypeError);
    expect(() => encodeFrameHeader(1.5)).toThrow(TypeError);
  });
});
