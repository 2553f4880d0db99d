export { TcpMock, type TcpMockOptions, type TcpMockStats } from "./tcp-mock.js";
export { MAX_LINE_BYTES, type TcpReply, type TcpScript } from "./tcp-script.js";
