import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { encodeFrame, FrameDecoder } from "../../adapter/index.js";
import { encodeJson } from "./proto-json.js";
import { findMessageType, loadProto, protoName } from "./proto-load.js";
import { sampleMessage } from "./sample-message.js";

/** Largest frame payload accepted, bytes: gRPC's default max receive size (as the adapter). */
export const MOCK_MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** Settings of a protobuf mock. */
export interface ProtobufMockOptions {
  /** The node it stands in for. */
  readonly node: string;
  /** The message sent back, as encoded protobuf bytes (framed by the mock). */
  readonly response: Buffer;
  /** Largest incoming payload, bytes; a larger frame closes the connection. Default 4 MiB. */
  readonly maxFrameBytes?: number;
}

/** Counters of a protobuf mock since it was made. */
export interface ProtobufMockStats {
  /** Complete frames received (each one answered). */
  readonly frames: number;
  /** Connections closed for a frame over the limit or a stream that ended mid-frame. */
  readonly framingErrors: number;
}

/**
 * A TCP server speaking 4-byte big-endian length-prefixed frames, standing in for a node whose
 * contract is a protobuf message: every complete frame in is answered with one frame holding
 * the configured message, whatever the frame held. Half-close is honoured: a client may send
 * its frames and FIN, and still read every answer before the mock closes its side.
 */
export class ProtobufMock {
  readonly node: string;
  readonly #frame: Buffer;
  readonly #maxFrameBytes: number;
  readonly #sockets = new Set<Socket>();
  #server: Server | null = null;
  #frames = 0;
  #framingErrors = 0;

  /** A mock answering with `options.response`. */
  constructor(options: ProtobufMockOptions) {
    this.node = options.node;
    this.#frame = encodeFrame(options.response);
    this.#maxFrameBytes = options.maxFrameBytes ?? MOCK_MAX_FRAME_BYTES;
  }

  /**
   * A mock answering with `json` encoded as `messageType` of `protoFile`; with `json`
   * undefined, a sample message (see sampleMessage). Contract problems throw a BatonError.
   */
  static fromProto(
    protoFile: string,
    messageType: string,
    json: unknown,
    options: Omit<ProtobufMockOptions, "response">,
  ): ProtobufMock {
    const type = findMessageType(loadProto(protoFile), messageType, protoFile);
    const what = `response message ${protoName(type)}`;
    const response = encodeJson(type, json ?? sampleMessage(type), { file: protoFile, what });
    return new ProtobufMock({ ...options, response });
  }

  /** A copy of the counters. */
  get stats(): ProtobufMockStats {
    return { frames: this.#frames, framingErrors: this.#framingErrors };
  }

  /** Starts listening; resolves to the bound port (a free one for port 0). */
  async listen(host = "127.0.0.1", port = 0): Promise<number> {
    if (this.#server !== null)
      throw new TypeError(`protobuf mock ${this.node} is listening already`);
    // allowHalfOpen: after the client's FIN, answers still go out before our own FIN.
    const server = createServer({ allowHalfOpen: true }, (socket) => this.#serve(socket));
    this.#server = server;
    server.listen(port, host);
    try {
      await once(server, "listening");
    } catch (err) {
      // A port in use and the like: leave the mock ready for another try.
      this.#server = null;
      throw err;
    }
    return (server.address() as AddressInfo).port;
  }

  /** Stops listening and closes every open connection. */
  async close(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    this.#server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  #serve(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on("close", () => this.#sockets.delete(socket));
    // Resets and the like only end this connection; the mock has nothing to report them to.
    socket.on("error", () => socket.destroy());
    const decoder = new FrameDecoder(
      () => {
        this.#frames++;
        // A client that writes without reading must not grow our buffers: stop reading.
        if (!socket.write(this.#frame)) socket.pause();
      },
      { maxFrameBytes: this.#maxFrameBytes },
    );
    socket.on("drain", () => socket.resume());
    socket.on("data", (chunk: Buffer) => {
      if (decoder.push(chunk) !== null) this.#framingError(socket);
    });
    socket.on("end", () => {
      if (decoder.end() !== null) this.#framingError(socket);
      else socket.end();
    });
  }

  /** Counts the error and closes the connection once answers to earlier frames are out. */
  #framingError(socket: Socket): void {
    if (socket.writableEnded || socket.destroyed) return;
    this.#framingErrors++;
    socket.end(() => socket.destroy());
  }
}
