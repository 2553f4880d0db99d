import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { describe, expect, it, onTestFinished } from "vitest";
import { checkGrpcHealth } from "../../adapter/index.js";
import { GrpcMock } from "./grpc-mock.js";

const DATA = `${import.meta.dirname}/testdata`;

interface HealthReply {
  status: string;
}
interface HealthClient extends grpc.Client {
  check(
    r: { service: string },
    cb: (e: grpc.ServiceError | null, v?: HealthReply) => void,
  ): grpc.ClientUnaryCall;
  watch(r: { service: string }): grpc.ClientReadableStream<HealthReply>;
}

const Health = (
  grpc.loadPackageDefinition(
    protoLoader.loadSync(`${DATA}/health.proto`, { enums: String, defaults: true }),
  ) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } }
).grpc.health.v1.Health;

/** A mock of shop.proto and a health client of it, both closed after the test. */
async function start(): Promise<{ mock: GrpcMock; health: HealthClient; port: number }> {
  const mock = GrpcMock.load(`${DATA}/shop.proto`, { node: "shop" });
  onTestFinished(() => mock.close());
  const port = await mock.listen();
  const health = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  onTestFinished(() => health.close());
  return { mock, health: health as unknown as HealthClient, port };
}

function check(health: HealthClient, service: string): Promise<string> {
  return new Promise((resolve, reject) =>
    health.check({ service }, (e, v) => (e === null ? resolve(v?.status ?? "") : reject(e))),
  );
}

/** The next message of a stream. */
function next<T>(stream: grpc.ClientReadableStream<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    stream.once("data", resolve);
    stream.once("error", reject);
  });
}

describe("GrpcMock health service", () => {
  it("answers SERVING for the server and for every service of the contract", async () => {
    const { health } = await start();
    expect(await check(health, "")).toBe("SERVING");
    expect(await check(health, "shop.v1.Catalog")).toBe("SERVING");
    expect(await check(health, "shop.v1.Orders")).toBe("SERVING");
  });

  it("answers NOT_FOUND for an unknown service", async () => {
    const { health } = await start();
    const error = (await check(health, "shop.v1.Nope").catch(
      (e: unknown) => e,
    )) as grpc.ServiceError;
    expect(error.code).toBe(grpc.status.NOT_FOUND);
    expect(error.details).toContain("shop.v1.Nope");
  });

  it("satisfies the adapter's own gRPC health check", async () => {
    const { port } = await start();
    expect(await checkGrpcHealth({ host: "127.0.0.1", port })).toMatchObject({
      status: "healthy",
      reason: "SERVING",
    });
  });

  it("Watch sends SERVING and keeps the stream open until the client cancels", async () => {
    const { health } = await start();
    const watch = health.watch({ service: "shop.v1.Catalog" });
    let ended = false;
    watch.on("end", () => (ended = true));
    expect(await next(watch)).toEqual({ status: "SERVING" });
    // A full round trip on the same connection: the watch would have ended by now if it were going to.
    expect(await check(health, "")).toBe("SERVING");
    expect(ended).toBe(false);
    const cancelled = new Promise<grpc.ServiceError>((resolve) => watch.on("error", resolve));
    watch.cancel();
    expect((await cancelled).code).toBe(grpc.status.CANCELLED);
  });

  it("Watch of an unknown service sends SERVICE_UNKNOWN without ending the call", async () => {
    const { health } = await start();
    const watch = health.watch({ service: "nope" });
    onTestFinished(() => watch.cancel());
    watch.on("error", () => undefined);
    expect(await next(watch)).toEqual({ status: "SERVICE_UNKNOWN" });
  });

  it("close() tells watchers NOT_SERVING and ends their streams", async () => {
    const { mock, health } = await start();
    const watch = health.watch({ service: "" });
    expect(await next(watch)).toEqual({ status: "SERVING" });
    const rest: HealthReply[] = [];
    watch.on("data", (m: HealthReply) => rest.push(m));
    const ended = new Promise<void>((resolve) => watch.on("end", resolve));
    await mock.close();
    await ended;
    expect(rest).toEqual([{ status: "NOT_SERVING" }]);
  });
});
