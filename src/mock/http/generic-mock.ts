import type { HttpHandler } from "../../adapter/index.js";

/**
 * The mock of a node without a contract: it answers every request with a JSON document that
 * says so (and what to do about it), `GET /health` with `{"status":"ok"}` so health checks
 * pass. The request body is read and dropped, so keep-alive connections stay usable.
 */
export function genericMock(node: string): HttpHandler {
  const health = Buffer.from(JSON.stringify({ status: "ok" }));
  return (req, res) => {
    const path = req.url.split("?", 1)[0] ?? "/";
    const body =
      req.method === "GET" && path === "/health"
        ? health
        : Buffer.from(
            JSON.stringify({
              status: "mock",
              node,
              detail: `node '${node}' has no contract, so this generic mock answers every request`,
              hint: `attach one with 'baton contract set ${node} FILE' for a mock that follows it`,
              request: { method: req.method, path },
            }),
          );
    const answer = () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
      res.end(body);
    };
    if (req.body === null) answer();
    else req.body.resume().once("end", answer);
  };
}
