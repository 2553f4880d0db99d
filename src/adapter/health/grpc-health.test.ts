import { once } from "node:events";
import { createServer as createHttpServer } from "node:http";
import {
  createServer as createH2Server,
  type Http2Session,
  type Http2Server,
  type ServerHttp2Stream,
} from "node:http2";
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server,
  type Socket,
} from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { FakeClock } from "../../common/index.js";
import { checkGrpcHealth } from "./grpc-health.js";
import { GRPC_HEALTH_CHECK_PATH } from "./grpc-health-codec.js";
import type { HealthTarget } from "./health-result.js";

/** Listens on 127.0.0.1:0; connections and sessions are destroyed and the server closed at the end. */
async function serve(server: Server | Http2Server): Promise<HealthTarget> {
  const sockets = new Set<Socket>();
  const sessions = new Set<Http2Session>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
  });
  server.on("session", (s: Http2Session) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
    s.on("error", () => {});
  });
  onTestFinished(async () => {
    for (const s of sessions) s.destroy();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { host: "127.0.0.1", port: (server.address() as AddressInfo).port };
}

type Answer = { servingStatus: number } | { grpcStatus: number; message?: string } | { hang: true };

/** A minimal grpc.health.v1 server over h2c: it answers each Check with `answer(service)`. */
async function healthServer(
  answer: (service: string) => Answer,
): Promise<HealthTarget & { asked: string[] }> {
  const asked: string[] = [];
  const server = createH2Server();
  server.on("stream", (stream: ServerHttp2Stream, headers) => {
    stream.on("error", () => {});
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      const body = Buffer.concat(chunks);
      // Request: 5-byte prefix, then optionally tag 0x0a, a one-byte length, the service name.
      const service = body.length > 5 ? body.subarray(7, 7 + (body[6] ?? 0)).toString() : "";
      asked.push(
        `${String(headers[":path"])} ${String(headers["content-type"])} ${String(headers.te)} [${service}]`,
      );
      const reply = answer(service);
      if ("hang" in reply) return;
      if ("grpcStatus" in reply) {
        stream.respond(
          {
            ":status": 200,
            "content-type": "application/grpc",
            "grpc-status": String(reply.grpcStatus),
            ...(reply.message === undefined
              ? {}
              : { "grpc-message": encodeURIComponent(reply.message) }),
          },
          { endStream: true },
        );
        return;
      }
      stream.respond(
        { ":status": 200, "content-type": "application/grpc" },
        { waitForTrailers: true },
      );
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      stream.end(Buffer.from([0, 0, 0, 0, 2, 0x08, reply.servingStatus]));
    });
  });
  return { ...(await serve(server)), asked };
}

describe("checkGrpcHealth", () => {
  it("calls SERVING healthy, asking Health/Check for the given service", async () => {
    const target = await healthServer(() => ({ servingStatus: 1 }));
    const result = await checkGrpcHealth(target, { service: "shop.Cart", clock: new FakeClock() });
    expect(result).toEqual({ status: "healthy", reason: "SERVING", latencyMs: 0 });
    expect(target.asked).toEqual([
      `${GRPC_HEALTH_CHECK_PATH} application/grpc trailers [shop.Cart]`,
    ]);
  });

  it("calls NOT_SERVING unhealthy", async () => {
    const target = await healthServer(() => ({ servingStatus: 2 }));
    expect(await checkGrpcHealth(target)).toMatchObject({
      status: "unhealthy",
      reason: "NOT_SERVING",
    });
  });

  it("reports other gRPC errors with their status and message", async () => {
    const target = await healthServer(() => ({ grpcStatus: 5, message: "unknown service x" }));
    expect(await checkGrpcHealth(target, { service: "x" })).toMatchObject({
      status: "unhealthy",
      reason: "grpc-status 5 NOT_FOUND: unknown service x",
    });
  });

  it("falls back to a TCP connect check when the health service is UNIMPLEMENTED", async () => {
    const target = await healthServer(() => ({ grpcStatus: 12 }));
    expect(await checkGrpcHealth(target)).toMatchObject({
      status: "healthy",
      reason: "grpc-status 12 UNIMPLEMENTED; TCP fallback: connect ok",
    });
  });

  it("falls back to a TCP connect check when the server is not HTTP/2", async () => {
    const target = await serve(createHttpServer((_req, res) => res.end("hello")));
    expect(await checkGrpcHealth(target)).toMatchObject({
      status: "healthy",
      reason: "not an HTTP/2 server (ERR_HTTP2_ERROR); TCP fallback: connect ok",
    });
  });

  it("falls back when an HTTP/2 server answers without gRPC", async () => {
    const server = createH2Server((_req, res) => res.writeHead(404).end());
    const target = await serve(server);
    expect(await checkGrpcHealth(target)).toMatchObject({
      status: "healthy",
      reason: "not a gRPC answer (HTTP 404); TCP fallback: connect ok",
    });
  });

  it("settles as unhealthy when the server never answers", async () => {
    const target = await healthServer(() => ({ hang: true }));
    expect(await checkGrpcHealth(target, { timeoutMs: 50 })).toMatchObject({
      status: "unhealthy",
      reason: "timeout after 50 ms",
    });
  });

  it("is unhealthy when the server resets the connection or nothing listens", async () => {
    const resetting = await serve(createNetServer((s) => s.resetAndDestroy()));
    const reset = await checkGrpcHealth(resetting);
    expect(reset.status).toBe("unhealthy");
    expect(reset.reason).toMatch(/ECONNRESET$/);

    const server = createNetServer();
    const gone = await serve(server);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await checkGrpcHealth(gone)).toMatchObject({
      status: "unhealthy",
      reason: "connect ECONNREFUSED",
    });
  });
});
