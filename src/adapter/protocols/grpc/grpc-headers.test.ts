import type { IncomingHttpHeaders, IncomingHttpStatusHeader } from "node:http2";
import { describe, expect, it } from "vitest";
import {
  errorTrailers,
  forwardRequestHeaders,
  relayResponseHeaders,
  relayTrailers,
  trailersOnly,
} from "./grpc-headers.js";

type StatusHeaders = IncomingHttpHeaders & IncomingHttpStatusHeader;

const FACTS = { clientIp: "10.0.0.9", traceparent: "00-aa-bb-01", tracestate: null };

describe("gRPC header rewriting", () => {
  it("forwards metadata and pseudo-headers, drops connection-specific fields, adds its own", () => {
    const out = forwardRequestHeaders(
      {
        ":method": "POST",
        ":path": "/echo.Echo/Unary",
        ":authority": "api:50051",
        ":scheme": "https",
        "content-type": "application/grpc",
        te: "trailers",
        "grpc-timeout": "1S",
        "grpc-encoding": "gzip",
        "x-canary": "1",
        "x-blob-bin": "AAEC",
        connection: "keep-alive",
        "keep-alive": "timeout=5",
        "transfer-encoding": "chunked",
        upgrade: "h2c",
        "proxy-connection": "close",
        "x-forwarded-for": "1.2.3.4",
        tracestate: "stale=1",
      },
      FACTS,
    );
    expect(out).toEqual({
      ":method": "POST",
      ":path": "/echo.Echo/Unary",
      ":authority": "api:50051",
      ":scheme": "http",
      "content-type": "application/grpc",
      te: "trailers",
      "grpc-timeout": "1S",
      "grpc-encoding": "gzip",
      "x-canary": "1",
      "x-blob-bin": "AAEC",
      "x-forwarded-for": "1.2.3.4, 10.0.0.9",
      "x-forwarded-proto": "http",
      traceparent: "00-aa-bb-01",
    });
  });

  it("drops a `te` other than trailers and keeps a valid tracestate", () => {
    const out = forwardRequestHeaders(
      { ":path": "/x", te: "gzip" },
      { ...FACTS, tracestate: "vendor=1" },
    );
    expect(out["te"]).toBeUndefined();
    expect(out["x-forwarded-for"]).toBe("10.0.0.9");
    expect(out["tracestate"]).toBe("vendor=1");
  });

  it("relays response headers with served-by, and trailers without pseudo-headers", () => {
    expect(
      relayResponseHeaders(
        // Node hands `:status` over as a number, which its own types cannot express.
        { ":status": 200, "content-type": "application/grpc" } as unknown as StatusHeaders,
        "api/live",
      ),
    ).toEqual({
      ":status": 200,
      "content-type": "application/grpc",
      "x-baton-served-by": "api/live",
    });
    expect(relayTrailers({ "grpc-status": "0", "x-trail": "t", connection: "close" })).toEqual({
      "grpc-status": "0",
      "x-trail": "t",
    });
  });

  it("builds the adapter's own statuses with an encoded message", () => {
    expect(trailersOnly(14, "node 'api' 100%", "api")).toEqual({
      ":status": 200,
      "content-type": "application/grpc",
      "grpc-status": "14",
      "grpc-message": "node 'api' 100%25",
      "x-baton-served-by": "api/baton",
    });
    expect(errorTrailers(4, "late")).toEqual({ "grpc-status": "4", "grpc-message": "late" });
  });
});
