import * as grpc from "@grpc/grpc-js";
import type { Method, Service } from "protobufjs";
import { BatonError, didYouMean } from "../../common/index.js";
import {
  encodeJson,
  listServices,
  loadProto,
  protoName,
  sampleMessage,
} from "../protobuf/index.js";
import { CLOSE_GRACE_MS, SERVED_BY_KEY } from "./grpc-mock-defaults.js";
import { HEALTH_SERVICE, HealthService } from "./health-service.js";
import { methodKey, mockService, type Greet } from "./mock-service.js";

/** Settings of a gRPC mock. */
export interface GrpcMockOptions {
  /** The node it stands in for (sent as `x-baton-served-by: <node>/mock`). */
  readonly node: string;
  /** Response of a method, keyed "pkg.Service/Method", as the JSON of the response message. */
  readonly examples?: Readonly<Record<string, unknown>>;
  /**
   * Seed of generated values. Sample messages are fixed values today, so it changes nothing;
   * accepted so every protocol's mock takes the same options.
   */
  readonly seed?: number;
}

/**
 * A mock of one gRPC node generated from its `.proto`: every method of every service answers
 * its configured example or a sample message (see sampleMessage), and the standard health
 * service reports SERVING. Contract problems surface in load() as BatonErrors, never later.
 */
export class GrpcMock {
  /** Paths of the contract's methods, "/pkg.Service/Method" (the health service not listed). */
  readonly methods: readonly string[];
  readonly #server = new grpc.Server();
  readonly #health: HealthService;
  #state: "idle" | "listening" | "closed" = "idle";

  private constructor(
    readonly node: string,
    services: readonly Service[],
    responseOf: (service: Service, method: Method) => Buffer,
  ) {
    const greet: Greet = (call) => {
      const metadata = new grpc.Metadata();
      metadata.set(SERVED_BY_KEY, `${node}/mock`);
      call.sendMetadata(metadata);
    };
    const methods: string[] = [];
    for (const service of services) {
      const parts = mockService(service, (method) => responseOf(service, method), greet);
      this.#server.addService(parts.definition, parts.implementation);
      methods.push(...service.methodsArray.map((m) => `/${methodKey(service, m)}`));
    }
    this.methods = methods;
    this.#health = new HealthService(services.map(protoName), greet);
    const health = this.#health.parts();
    this.#server.addService(health.definition, health.implementation);
  }

  /** Parses `protoFile` (imports resolved from its folder) and builds every answer. */
  static load(protoFile: string, options: GrpcMockOptions): GrpcMock {
    // A contract that declares the health service gets the built-in one, which answers properly.
    const services = listServices(loadProto(protoFile)).filter(
      (s) => protoName(s) !== HEALTH_SERVICE,
    );
    const examples = checkedExamples(protoFile, services, options.examples ?? {});
    const responseOf = (service: Service, method: Method): Buffer => {
      const key = methodKey(service, method);
      const type = method.resolvedResponseType;
      if (type === null) throw new TypeError(`${method.fullName}: response type not resolved`);
      const example = examples.get(key);
      const what = example === undefined ? `sample for ${key}` : `example for ${key}`;
      return encodeJson(type, example ?? sampleMessage(type), { file: protoFile, what });
    };
    return new GrpcMock(options.node, services, responseOf);
  }

  /**
   * The mock of a gRPC node without a contract: only the health service (SERVING), so probes
   * pass; every other method is UNIMPLEMENTED, as gRPC answers an unknown method.
   */
  static generic(options: Pick<GrpcMockOptions, "node">): GrpcMock {
    return new GrpcMock(options.node, [], () => Buffer.alloc(0));
  }

  /** Starts serving cleartext HTTP/2; resolves to the bound port (a free one for port 0). */
  listen(host = "127.0.0.1", port = 0): Promise<number> {
    if (this.#state !== "idle") {
      return Promise.reject(new TypeError(`gRPC mock ${this.node} is ${this.#state}`));
    }
    this.#state = "listening";
    const address = `${host.includes(":") ? `[${host}]` : host}:${port}`;
    return new Promise((resolve, reject) =>
      this.#server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error === null ? resolve(bound) : reject(error),
      ),
    );
  }

  /**
   * Ends health watches, lets calls in flight finish for CLOSE_GRACE_MS, then cancels the
   * rest (a client stream that never half-closes must not hold close() forever).
   */
  async close(): Promise<void> {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#health.shutdown();
    const server = this.#server;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, CLOSE_GRACE_MS);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Examples by "pkg.Service/Method"; a key naming no method is an error, with a suggestion. */
function checkedExamples(
  file: string,
  services: readonly Service[],
  examples: Readonly<Record<string, unknown>>,
): Map<string, unknown> {
  const known = services.flatMap((s) => s.methodsArray.map((m) => methodKey(s, m)));
  const checked = new Map<string, unknown>();
  for (const [name, json] of Object.entries(examples)) {
    const key = name.startsWith("/") ? name.slice(1) : name;
    if (!known.includes(key)) {
      throw new BatonError("E_CONTRACT_INVALID", `${file}: example for "${name}": no such method`, {
        location: { file, field: `examples.${name}` },
        hint: didYouMean(key, known) || `methods: ${known.join(", ") || "none"}`,
      });
    }
    checked.set(key, json);
  }
  return checked;
}
