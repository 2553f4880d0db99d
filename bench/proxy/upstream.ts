import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

// The backend every proxy in bench:proxy forwards to: a minimal keep-alive HTTP server with a
// small fixed body, so the proxy's own cost dominates. Prints its port on stdout.
const BODY = Buffer.from("hello from the upstream\n");
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain", "content-length": BODY.length });
  res.end(BODY);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  console.log((server.address() as AddressInfo).port);
});
