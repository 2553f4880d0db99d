import { extname, resolve } from "node:path";
import type { HttpHandler } from "../adapter/index.js";
import { BatonError } from "../common/index.js";
import type { MockBackend } from "./collapse-plan.js";
import { GrpcMock } from "./grpc/index.js";
import { genericMock } from "./http/generic-mock.js";
import { HttpMock, type HttpMockOptions } from "./http/http-mock.js";
import { loadProto, messageTypeNames, ProtobufMock } from "./protobuf/index.js";
import { SoapMock } from "./soap/index.js";
import { TcpMock } from "./tcp/index.js";

/**
 * A node's mock, ready for its adapter: an in-process handler (http, soap) or a server on a
 * loopback port (grpc, tcp, protobuf) the adapter routes to as a network target.
 */
export type RunningMock =
  | {
      readonly kind: "handler";
      readonly node: string;
      readonly handler: HttpHandler;
      close(): Promise<void>;
    }
  | {
      readonly kind: "network";
      readonly node: string;
      readonly host: string;
      readonly port: number;
      close(): Promise<void>;
    };

/** Where contracts are and how mocks behave. */
export interface StartMockOptions {
  /** The folder contract paths are relative to (the one holding baton.yaml). */
  readonly baseDir: string;
  /** Address network mocks listen on; loopback by default. */
  readonly host?: string;
  /** Per-node HTTP mock settings (validation, stateful CRUD, example rules, seed). */
  readonly http?: Omit<HttpMockOptions, "node">;
}

/**
 * Builds and starts the mock `backend` names (from `planCollapse`): from its contract — an
 * OpenAPI or JSON Schema file, a WSDL, a `.proto` — or, without one, the protocol's generic
 * mock. A contract that cannot be read fails here with a BatonError naming file and place,
 * before anything listens.
 */
export async function startNodeMock(
  backend: MockBackend,
  options: StartMockOptions,
): Promise<RunningMock> {
  const node = backend.node;
  const file = backend.source === "contract" ? resolve(options.baseDir, backend.contract) : null;
  const host = options.host ?? "127.0.0.1";
  const inProcess = (handler: HttpHandler): RunningMock => ({
    kind: "handler",
    node,
    handler,
    close: () => Promise.resolve(),
  });
  const listening = async (server: {
    listen(host: string, port: number): Promise<number>;
    close(): Promise<void>;
  }): Promise<RunningMock> => {
    const port = await server.listen(host, 0);
    return { kind: "network", node, host, port, close: () => server.close() };
  };
  switch (backend.protocol) {
    case "http":
      return inProcess(
        file === null
          ? genericMock(node)
          : HttpMock.fromFile(file, { ...options.http, node }).handler,
      );
    case "soap":
      if (file !== null && extname(file).toLowerCase() !== ".wsdl")
        return inProcess(HttpMock.fromFile(file, { ...options.http, node }).handler);
      return inProcess(
        (file === null ? SoapMock.generic({ node }) : SoapMock.fromWsdl(file, { node })).handler,
      );
    case "grpc":
      return listening(file === null ? GrpcMock.generic({ node }) : GrpcMock.load(file, { node }));
    case "protobuf":
      return listening(
        file === null
          ? new ProtobufMock({ node, response: Buffer.alloc(0) })
          : ProtobufMock.fromProto(file, firstMessage(file), undefined, { node }),
      );
    case "tcp":
      return listening(new TcpMock({ node }));
  }
}

/**
 * The message a protobuf node's mock answers with: the first message type its `.proto`
 * declares (frames carry no type name, and the node's settings name none yet).
 */
function firstMessage(file: string): string {
  const [first] = messageTypeNames(loadProto(file));
  if (first === undefined)
    throw new BatonError("E_CONTRACT_INVALID", `${file} declares no message type`, {
      hint: "a protobuf node's contract needs the message its mock should answer with",
      location: { file },
    });
  return first;
}
