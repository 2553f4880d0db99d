import { request } from "node:http";
import type { HealthTarget } from "./health-result.js";
import { errorText, settleWithin, type Verdict } from "./settle-within.js";

/** What came back from a health GET: the status and the first bytes of the body. */
export interface CappedAnswer {
  readonly statusCode: number;
  readonly body: string;
}

/**
 * GETs `path` on a fresh connection (`Connection: close`, no pooling), reads at most
 * `maxBodyBytes` of the body, then turns the answer into a verdict with `judge`.
 */
export function getCapped(
  target: HealthTarget,
  path: string,
  maxBodyBytes: number,
  timeoutMs: number,
  judge: (answer: CappedAnswer) => Verdict,
): Promise<Verdict> {
  return settleWithin(timeoutMs, (done) => {
    let connected = false;
    const req = request({
      host: target.host,
      port: target.port,
      path,
      method: "GET",
      agent: false,
      headers: { connection: "close", accept: "*/*" },
    });
    req.on("socket", (socket) => socket.once("connect", () => (connected = true)));
    req.on("error", (err) =>
      done({ status: "unhealthy", reason: `${connected ? "read" : "connect"} ${errorText(err)}` }),
    );
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = (): void =>
        done(
          judge({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      res.on("data", (chunk: Buffer) => {
        const room = maxBodyBytes - size;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.length, room);
        if (size >= maxBodyBytes) answer(); // enough read: the cleanup cuts the rest
      });
      res.on("end", answer);
      res.on("error", (err) => done({ status: "unhealthy", reason: `read ${errorText(err)}` }));
    });
    req.end();
    return () => req.destroy();
  });
}

/** 2xx and 3xx are healthy; anything else is unhealthy with its status. */
export function judgeHttpStatus(answer: CappedAnswer): Verdict {
  const ok = answer.statusCode >= 200 && answer.statusCode < 400;
  return { status: ok ? "healthy" : "unhealthy", reason: `HTTP ${answer.statusCode}` };
}
