import type { Socket } from "node:net";
import {
  pipeTcp,
  type PipeDirection,
  type PipeObserver,
  type PipeTarget,
  type Relay,
  type TcpPipe,
  type TcpPipeOptions,
} from "../tcp/index.js";
import { FrameDecoder } from "./frame-decoder.js";
import type { FrameError } from "./frame-error.js";

/** Pipe hooks plus frame counts and framing failures. */
export interface ProtobufPipeObserver extends PipeObserver {
  /** One complete frame was forwarded in `direction`. */
  onFrame?(direction: PipeDirection): void;
  /** A framing error stopped `direction`; the pipe then closes both sides with reason `framing-error`. */
  onFramingError?(direction: PipeDirection, error: FrameError): void;
}

/** Options of a protobuf pipe: the TCP pipe's, with a frame-aware observer and a size limit. */
export interface ProtobufPipeOptions extends Omit<TcpPipeOptions, "relay" | "observer"> {
  /** Counter hooks, frames included. */
  observer?: ProtobufPipeObserver;
  /** Largest frame payload accepted, bytes (default `MAX_FRAME_BYTES`). */
  maxFrameBytes?: number;
}

const NO_OBSERVER: ProtobufPipeObserver = {};

/**
 * A relay that forwards whole frames only: each complete frame's wire bytes (prefix included,
 * a view of the received chunk when possible) are written on; a partial frame waits for its rest.
 */
export function frameRelay(observer: ProtobufPipeObserver, maxFrameBytes?: number): Relay {
  return (src, dst, direction, host) => {
    let blocked = false;
    const decoder = new FrameDecoder(
      (_payload, wire) => {
        observer.onFrame?.(direction);
        if (!dst.write(wire)) blocked = true;
      },
      { maxFrameBytes },
    );
    const failed = (error: FrameError): void => {
      observer.onFramingError?.(direction, error);
      host.closeBoth("framing-error");
    };
    src.on("data", (chunk: Buffer) => {
      host.countBytes(direction, chunk.length);
      // Cork: several frames from one chunk leave in one writev.
      dst.cork();
      const error = decoder.push(chunk);
      dst.uncork();
      if (error !== null) failed(error);
      else if (blocked) {
        blocked = false;
        src.pause();
      }
    });
    dst.on("drain", () => {
      if (!host.closing) src.resume();
    });
    src.on("end", () => {
      const error = decoder.end();
      if (error !== null) failed(error);
      else dst.end();
    });
  };
}

/** Pipes `client` to `target` like `pipeTcp`, but frame by frame in both directions. */
export function pipeProtobuf(
  client: Socket,
  target: PipeTarget,
  options: ProtobufPipeOptions = {},
): TcpPipe {
  const observer = options.observer ?? NO_OBSERVER;
  return pipeTcp(client, target, {
    ...options,
    observer,
    relay: frameRelay(observer, options.maxFrameBytes),
  });
}
