import * as grpc from "@grpc/grpc-js";
import protobuf from "protobufjs";
import type { Greet, ServiceParts } from "./mock-service.js";

/** The standard health service's name (grpc/doc/health-checking.md). */
export const HEALTH_SERVICE = "grpc.health.v1.Health";

// grpc/grpc-proto grpc/health/v1/health.proto, trimmed to what goes on the wire.
const HEALTH_PROTO = `
syntax = "proto3";
package grpc.health.v1;
message HealthCheckRequest { string service = 1; }
message HealthCheckResponse {
  enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
  ServingStatus status = 1;
}`;

const root = protobuf.parse(HEALTH_PROTO, { keepCase: true }).root;
const Request = root.lookupType("grpc.health.v1.HealthCheckRequest");
const Response = root.lookupType("grpc.health.v1.HealthCheckResponse");

/** A decoded HealthCheckRequest (grpc-js needs an object: it takes a falsy request for none). */
interface Asked {
  readonly service: string;
}

type Status = "SERVING" | "NOT_SERVING" | "SERVICE_UNKNOWN";
const ANSWER: Record<Status, Buffer> = {
  SERVING: answer(1),
  NOT_SERVING: answer(2),
  SERVICE_UNKNOWN: answer(3),
};

function answer(status: number): Buffer {
  return Buffer.from(Response.encode(Response.create({ status })).finish());
}

/**
 * grpc.health.v1.Health for a mock, as the protocol says: Check answers SERVING for "" (the
 * server as a whole) and every service of the contract, NOT_FOUND for any other name; Watch
 * sends the status at once (SERVICE_UNKNOWN for an unknown name) and keeps the stream open
 * until the client cancels. shutdown() tells watchers NOT_SERVING and ends their streams, so
 * the server can close gracefully (grpc-go's health server does the same).
 */
export class HealthService {
  readonly #services: ReadonlySet<string>;
  readonly #watchers = new Set<grpc.ServerWritableStream<Asked, Buffer>>();
  #serving = true;

  /** Health of `services` (full names, "pkg.Service"). */
  constructor(
    services: readonly string[],
    private readonly greet: Greet,
  ) {
    this.#services = new Set(["", ...services]);
  }

  /** Ends every Watch stream with NOT_SERVING; later Checks answer NOT_SERVING. */
  shutdown(): void {
    this.#serving = false;
    for (const call of this.#watchers) {
      call.write(ANSWER.NOT_SERVING);
      call.end();
    }
    this.#watchers.clear();
  }

  /** Definition and implementation for `grpc.Server.addService`. */
  parts(): ServiceParts {
    const method = (
      name: string,
      responseStream: boolean,
    ): grpc.MethodDefinition<Asked, Buffer> => ({
      path: `/${HEALTH_SERVICE}/${name}`,
      requestStream: false,
      responseStream,
      requestSerialize: (asked: Asked) => Buffer.from(Request.encode(asked).finish()),
      // Decoded messages carry proto3 defaults, so an absent name reads as "".
      requestDeserialize: (bytes: Buffer) => Request.decode(bytes) as unknown as Asked,
      responseSerialize: (bytes: Buffer) => bytes,
      responseDeserialize: (bytes: Buffer) => bytes,
      originalName: name,
    });
    return {
      definition: { Check: method("Check", false), Watch: method("Watch", true) },
      implementation: {
        Check: (call: grpc.ServerUnaryCall<Asked, Buffer>, done: grpc.sendUnaryData<Buffer>) =>
          this.#check(call, done),
        Watch: (call: grpc.ServerWritableStream<Asked, Buffer>) => this.#watch(call),
      },
    };
  }

  #status(service: string): Status {
    if (!this.#services.has(service)) return "SERVICE_UNKNOWN";
    return this.#serving ? "SERVING" : "NOT_SERVING";
  }

  #check(call: grpc.ServerUnaryCall<Asked, Buffer>, done: grpc.sendUnaryData<Buffer>): void {
    this.greet(call);
    const status = this.#status(call.request.service);
    if (status !== "SERVICE_UNKNOWN") return done(null, ANSWER[status]);
    done({ code: grpc.status.NOT_FOUND, details: `unknown service "${call.request.service}"` });
  }

  #watch(call: grpc.ServerWritableStream<Asked, Buffer>): void {
    this.greet(call);
    call.on("error", () => undefined);
    call.write(ANSWER[this.#status(call.request.service)]);
    if (!this.#serving) return void call.end();
    this.#watchers.add(call);
    call.on("cancelled", () => this.#watchers.delete(call));
  }
}
