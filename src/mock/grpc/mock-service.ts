import type * as grpc from "@grpc/grpc-js";
import type { Method, Service } from "protobufjs";
import { protoName } from "../protobuf/index.js";
import { STREAM_RESPONSES } from "./grpc-mock-defaults.js";

/** Sends the mock's initial metadata on a call. */
export type Greet = (call: { sendMetadata(metadata: grpc.Metadata): void }) => void;

/** A service ready for `grpc.Server.addService`. */
export interface ServiceParts {
  readonly definition: grpc.ServiceDefinition;
  readonly implementation: grpc.UntypedServiceImplementation;
}

/** `pkg.Service/Method`: how examples name a method. */
export function methodKey(service: Service, method: Method): string {
  return `${protoName(service)}/${method.name}`;
}

/**
 * A grpc-js service answering every method of `service` with `responseOf(method)`, bytes
 * encoded once at load (serializers pass them through). Requests are decoded, only so that a
 * malformed one fails (grpc-js answers INTERNAL); their content does not change the answer.
 * Unary and client-streaming send one response, server-streaming STREAM_RESPONSES then OK,
 * bidi one per request and OK when the client half-closes.
 */
export function mockService(
  service: Service,
  responseOf: (method: Method) => Buffer,
  greet: Greet,
): ServiceParts {
  const definition: Record<string, grpc.MethodDefinition<unknown, Buffer>> = {};
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const method of service.methodsArray) {
    const request = method.resolvedRequestType;
    if (request === null) throw new TypeError(`${method.fullName}: request type not resolved`);
    const response = responseOf(method);
    definition[method.name] = {
      path: `/${methodKey(service, method)}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: (value: unknown) => value as Buffer,
      requestDeserialize: (bytes: Buffer) => request.decode(bytes),
      responseSerialize: (bytes: Buffer) => bytes,
      responseDeserialize: (bytes: Buffer) => bytes,
      originalName: method.name,
    };
    implementation[method.name] = handler(method, response, greet);
  }
  return { definition, implementation };
}

function handler(method: Method, response: Buffer, greet: Greet): grpc.UntypedHandleCall {
  if (method.requestStream === true && method.responseStream === true) {
    return (call: grpc.ServerDuplexStream<unknown, Buffer>) => {
      greet(call);
      ignoreErrors(call);
      call.on("data", () => call.write(response));
      call.on("end", () => call.end());
    };
  }
  if (method.requestStream === true) {
    return (call: grpc.ServerReadableStream<unknown, Buffer>, done: grpc.sendUnaryData<Buffer>) => {
      greet(call);
      ignoreErrors(call);
      // Reading in flowing mode drains the requests, so "end" comes.
      call.on("data", () => undefined);
      call.on("end", () => done(null, response));
    };
  }
  if (method.responseStream === true) {
    return (call: grpc.ServerWritableStream<unknown, Buffer>) => {
      greet(call);
      ignoreErrors(call);
      for (let i = 0; i < STREAM_RESPONSES && !call.cancelled; i++) call.write(response);
      call.end();
    };
  }
  return (call: grpc.ServerUnaryCall<unknown, Buffer>, done: grpc.sendUnaryData<Buffer>) => {
    greet(call);
    done(null, response);
  };
}

/** A cancelled stream may emit "error"; unhandled, that would crash the process. */
function ignoreErrors(call: { on(event: "error", listener: () => void): unknown }): void {
  call.on("error", () => undefined);
}
