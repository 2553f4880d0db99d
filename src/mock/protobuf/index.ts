export { encodeJson, type JsonSource } from "./proto-json.js";
export {
  findMessageType,
  listServices,
  loadProto,
  messageTypeNames,
  protoName,
} from "./proto-load.js";
export {
  MOCK_MAX_FRAME_BYTES,
  ProtobufMock,
  type ProtobufMockOptions,
  type ProtobufMockStats,
} from "./protobuf-mock.js";
export { SAMPLE_DEPTH, sampleMessage } from "./sample-message.js";
