import { createServer } from "node:http";

// The live service bench:runtime slots and swaps: listens where Baton tells it
// (BATON_SERVICE_PORT), healthy on /health, and answers every other path with a small JSON body
// carrying its tag (the first argument), so the bench sees which service answered.
const tag = process.argv[2] ?? "untagged";
const port = Number(process.env["BATON_SERVICE_PORT"]);
const server = createServer((req, res) => {
  const body = JSON.stringify(req.url === "/health" ? { status: "ok" } : { live: true, tag });
  res.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));
