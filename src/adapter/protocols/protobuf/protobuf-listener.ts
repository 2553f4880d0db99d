import {
  createTcpAdapter,
  type TcpAdapter,
  type TcpAdapterObserver,
  type TcpAdapterOptions,
} from "../tcp/index.js";
import { frameRelay, type ProtobufPipeObserver } from "./protobuf-pipe.js";

/** Adapter hooks with frame counts. */
export interface ProtobufAdapterObserver extends TcpAdapterObserver, ProtobufPipeObserver {}

/** Options of a protobuf adapter: the TCP adapter's, with frame hooks and a frame size limit. */
export interface ProtobufAdapterOptions extends Omit<TcpAdapterOptions, "relay" | "observer"> {
  /** Counter hooks, frames included. */
  observer?: ProtobufAdapterObserver;
  /** Largest frame payload accepted, bytes (default `MAX_FRAME_BYTES`). */
  maxFrameBytes?: number;
}

/** A TCP adapter whose pipes forward whole length-prefixed frames and stop on framing errors. */
export function createProtobufAdapter(options: ProtobufAdapterOptions): TcpAdapter {
  const observer = options.observer ?? {};
  return createTcpAdapter({
    ...options,
    observer,
    relay: frameRelay(observer, options.maxFrameBytes),
  });
}
