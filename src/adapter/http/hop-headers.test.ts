import { describe, expect, it } from "vitest";
import { forwardRequestHeaders, rewriteResponseFields } from "./hop-headers.js";

describe("rewriteResponseFields", () => {
  it("drops hop-by-hop fields and those Connection names, in any case, and keeps the rest as sent", () => {
    const out = rewriteResponseFields(
      [
        ...["Content-Type", "text/plain", "Connection", "X-Private, keep-alive"],
        ...["Keep-Alive", "timeout=5", "x-private", "1", "Transfer-Encoding", "chunked"],
        ...["Trailer", "x-sum", "Via", "1.1 edge", "X-Baton-Served-By", "forged", "Set-Cookie"],
        ...["a=1", "set-cookie", "b=2"],
      ],
      "api/live",
    );
    expect(out).toEqual([
      ...["Content-Type", "text/plain", "Trailer", "x-sum", "Set-Cookie", "a=1"],
      ...["set-cookie", "b=2", "via", "1.1 edge, 1.1 baton", "x-baton-served-by", "api/live"],
    ]);
  });
});

describe("forwardRequestHeaders", () => {
  it("finds the fields it rewrites whatever their case", () => {
    const out = forwardRequestHeaders(
      [
        ...["Host", "a", "X-Forwarded-For", "10.0.0.1", "VIA", "1.0 lb", "Expect", "100-continue"],
        ...["Proxy-Authorization", "secret", "TE", "trailers", "User-Agent", "t"],
      ],
      { clientIp: "127.0.0.1", proto: "http" },
    );
    expect(out).toEqual([
      ...["Host", "a", "TE", "trailers", "User-Agent", "t"],
      ...["x-forwarded-for", "10.0.0.1, 127.0.0.1", "x-forwarded-proto", "http"],
      ...["x-forwarded-host", "a", "via", "1.0 lb, 1.1 baton"],
    ]);
  });
});
