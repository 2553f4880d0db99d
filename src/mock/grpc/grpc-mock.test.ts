import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { isBatonError, type BatonError } from "../../common/index.js";
import { GrpcMock, type GrpcMockOptions } from "./grpc-mock.js";
import { SAMPLE_DEPTH } from "../protobuf/index.js";
import { CLOSE_GRACE_MS, STREAM_RESPONSES } from "./grpc-mock-defaults.js";

// --- fixtures: the Catalog client from testdata/shop.proto --------------------------------

const DATA = `${import.meta.dirname}/testdata`;
const SHOP = `${DATA}/shop.proto`;

type Item = Record<string, unknown>;
type Done<T> = (error: grpc.ServiceError | null, value?: T) => void;
interface CatalogClient extends grpc.Client {
  getItem(r: { id: string }, cb: Done<Item>): grpc.ClientUnaryCall;
  listItems(r: { id: string }): grpc.ClientReadableStream<Item>;
  upload(cb: Done<Item>): grpc.ClientWritableStream<Item>;
  chat(): grpc.ClientDuplexStream<{ id: string }, Item>;
}

const shop = grpc.loadPackageDefinition(
  protoLoader.loadSync(SHOP, { includeDirs: [DATA], longs: String, enums: String, bytes: String }),
) as unknown as { shop: { v1: Record<string, grpc.ServiceClientConstructor> } };

/** A mock of SHOP listening on 127.0.0.1:0, closed after the test. */
async function startMock(options: Partial<GrpcMockOptions> = {}) {
  const mock = GrpcMock.load(SHOP, { node: "shop", ...options });
  onTestFinished(() => mock.close());
  return { mock, port: await mock.listen() };
}

/** A client of `service` in package shop.v1 at `port`, closed after the test. */
function client<T>(service: string, port: number): T {
  const Client = shop.shop.v1[service];
  if (Client === undefined) throw new TypeError(`no service ${service}`);
  const made = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  onTestFinished(() => made.close());
  return made as unknown as T;
}

function unary<T>(call: (done: Done<T>) => unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    call((error, value) => (error === null ? resolve(value as T) : reject(error))),
  );
}

/** Every message of a response stream, once it ends with OK. */
function collect<T>(stream: grpc.ClientReadableStream<T> | grpc.ClientDuplexStream<never, T>) {
  return new Promise<T[]>((resolve, reject) => {
    const got: T[] = [];
    stream.on("data", (m: T) => got.push(m));
    stream.on("error", reject);
    stream.on("end", () => resolve(got));
  });
}

function batonError(fn: () => unknown): BatonError {
  try {
    fn();
  } catch (err) {
    if (isBatonError(err)) return err;
    throw err;
  }
  throw new Error("expected a BatonError");
}

// --- the contract's methods -----------------------------------------------------------------

describe("GrpcMock methods", () => {
  it("lists every method of every service as a path", async () => {
    const { mock } = await startMock();
    expect(mock.methods).toEqual([
      "/shop.v1.Catalog/GetItem",
      "/shop.v1.Catalog/ListItems",
      "/shop.v1.Catalog/Upload",
      "/shop.v1.Catalog/Chat",
      "/shop.v1.Orders/Place",
    ]);
  });

  it("answers a unary call with the sample message and served-by metadata", async () => {
    const { port } = await startMock({ node: "catalog" });
    const catalog = client<CatalogClient>("Catalog", port);
    let servedBy: grpc.MetadataValue[] = [];
    const item = await unary<Item>((done) =>
      catalog
        .getItem({ id: "1" }, done)
        .on("metadata", (md) => (servedBy = md.get("x-baton-served-by"))),
    );
    expect(servedBy).toEqual(["catalog/mock"]);
    expect(item).toMatchObject({
      id: "string",
      stock: 1,
      views: "1",
      rating: 1,
      active: true,
      thumbnail: Buffer.from("bytes").toString("base64"),
      kind: "KIND_BOOK",
      tags: ["string"],
      counts: { key: 1 },
      price: { currency: "string", units: "1" },
      maker: "string",
      addedAt: { seconds: "1", nanos: 1 },
      note: "string",
    });
    // The first oneof member only; the recursive field down to the depth limit.
    expect(item).not.toHaveProperty("makerId");
    let depth = 0;
    for (let level = item; Array.isArray(level["related"]) && level["related"].length > 0; depth++)
      level = (level["related"] as Item[])[0] ?? {};
    expect(depth).toBe(SAMPLE_DEPTH);
  });

  it("answers a server-streaming call with a few messages, then OK", async () => {
    const { port } = await startMock();
    const items = await collect(client<CatalogClient>("Catalog", port).listItems({ id: "1" }));
    expect(items).toHaveLength(STREAM_RESPONSES);
    expect(items[0]).toMatchObject({ id: "string" });
  });

  it("answers a client-streaming call once every request is read", async () => {
    const { port } = await startMock();
    const reply = await unary<Item>((done) => {
      const call = client<CatalogClient>("Catalog", port).upload(done);
      call.write({ id: "a" });
      call.write({ id: "b" });
      call.end();
    });
    expect(reply).toEqual({ accepted: 1 });
  });

  it("answers each request of a bidi call, and ends when the client does", async () => {
    const { port } = await startMock();
    const call = client<CatalogClient>("Catalog", port).chat();
    const all = collect(call);
    for (const id of ["a", "b", "c", "d"]) call.write({ id });
    call.end();
    expect(await all).toHaveLength(4);
  });

  it("answers the configured example, in proto3 JSON form", async () => {
    const example = { id: "book-1", kind: "KIND_GAME", views: "42", makerId: 7 };
    const { port } = await startMock({ examples: { "shop.v1.Catalog/GetItem": example } });
    const catalog = client<CatalogClient>("Catalog", port);
    expect(await unary<Item>((done) => catalog.getItem({ id: "x" }, done))).toEqual(example);
    // Other methods still answer samples.
    expect((await collect(catalog.listItems({ id: "x" })))[0]).toMatchObject({ id: "string" });
  });

  it("answers a malformed request with INTERNAL and keeps serving", async () => {
    const { port } = await startMock();
    const raw = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    onTestFinished(() => raw.close());
    const pass = (b: Buffer): Buffer => b;
    const malformed = Buffer.from([0x0f]); // field 1 with wire type 7, which does not exist
    const error = await unary((done) =>
      raw.makeUnaryRequest("/shop.v1.Catalog/GetItem", pass, pass, malformed, done),
    ).catch((e: grpc.ServiceError) => e);
    expect((error as grpc.ServiceError).code).toBe(grpc.status.INTERNAL);
    const catalog = client<CatalogClient>("Catalog", port);
    expect(await unary<Item>((done) => catalog.getItem({ id: "1" }, done))).toHaveProperty("id");
  });
});

// --- load-time errors -----------------------------------------------------------------------

describe("GrpcMock.load errors", () => {
  it("reports a .proto that does not parse as E_CONTRACT_PARSE naming the file", () => {
    const error = batonError(() => GrpcMock.load(`${DATA}/broken.proto`, { node: "b" }));
    expect(error.code).toBe("E_CONTRACT_PARSE");
    expect(error.message).toContain("broken.proto");
    expect(error.location?.file).toBe(`${DATA}/broken.proto`);
  });

  it("reports an undeclared type as E_CONTRACT_INVALID naming the file", () => {
    const error = batonError(() => GrpcMock.load(`${DATA}/unresolved.proto`, { node: "u" }));
    expect(error.code).toBe("E_CONTRACT_INVALID");
    expect(error.message).toContain("unresolved.proto");
  });

  it("refuses an example for a method the contract lacks, with a suggestion", () => {
    const examples = { "shop.v1.Catalog/GetItems": {} };
    const error = batonError(() => GrpcMock.load(SHOP, { node: "s", examples }));
    expect(error.code).toBe("E_CONTRACT_INVALID");
    expect(error.message).toContain('example for "shop.v1.Catalog/GetItems": no such method');
    expect(error.hint).toBe("did you mean 'shop.v1.Catalog/GetItem'?");
  });

  it("refuses an example that does not fit the response message", () => {
    const examples = { "shop.v1.Orders/Place": { accepted: "many" } };
    const error = batonError(() => GrpcMock.load(SHOP, { node: "s", examples }));
    expect(error.code).toBe("E_CONTRACT_INVALID");
    expect(error.message).toBe(
      `${SHOP}: example for shop.v1.Orders/Place: field accepted: expected int32, got "many"`,
    );
  });
});

// --- shutdown -------------------------------------------------------------------------------

describe("GrpcMock.close", () => {
  it("cancels calls still open after the grace period", async () => {
    const { mock, port } = await startMock();
    const upload = client<CatalogClient>("Catalog", port).upload(() => undefined);
    upload.on("error", () => undefined);
    upload.write({ id: "never-ending" });
    // The server has the call once its metadata comes back.
    await new Promise((resolve) => upload.once("metadata", resolve));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => void vi.useRealTimers());
    const closed = mock.close();
    await vi.advanceTimersByTimeAsync(CLOSE_GRACE_MS);
    await closed;
    vi.useRealTimers();
    await expect(mock.listen()).rejects.toThrow("closed");
  });
});
