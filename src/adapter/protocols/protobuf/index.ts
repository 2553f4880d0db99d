export { FRAME_HEADER_BYTES, MAX_FRAME_BYTES, MAX_FRAME_LENGTH_FIELD } from "./frame-defaults.js";
export { describeFrameError, type FrameError } from "./frame-error.js";
export { FrameDecoder, type FrameDecoderOptions, type FrameSink } from "./frame-decoder.js";
export { encodeFrame, encodeFrameHeader, encodeFrames } from "./frame-encoder.js";
export {
  frameRelay,
  pipeProtobuf,
  type ProtobufPipeObserver,
  type ProtobufPipeOptions,
} from "./protobuf-pipe.js";
export {
  createProtobufAdapter,
  type ProtobufAdapterObserver,
  type ProtobufAdapterOptions,
} from "./protobuf-listener.js";
