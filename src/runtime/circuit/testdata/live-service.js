// A live service for slot tests: healthy on /health, says it is live everywhere else (with its
// tag, when started with one); /slow answers after 300 ms (a request in flight during a swap).
// `fail` as the first argument makes it exit at once (a service that never comes up); a tag
// starting with `slow-start` makes it listen only after 3 s; `flap` makes it exit 300 ms after
// it listens (a service that keeps failing).
import { createServer } from "node:http";

const tag = process.argv[2];
if (tag === "fail") process.exit(3);
const port = Number(process.env.BATON_SERVICE_PORT);
const server = createServer((req, res) => {
  const body = JSON.stringify(
    req.url === "/health"
      ? { status: "ok" }
      : { live: true, path: req.url, ...(tag === undefined ? {} : { tag }) },
  );
  const answer = () => {
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  };
  if (req.url === "/slow") setTimeout(answer, 300);
  else answer();
});
setTimeout(
  () =>
    server.listen(port, "127.0.0.1", () => {
      console.log(`listening on ${port}`);
      if (tag === "flap") setTimeout(() => process.exit(1), 300);
    }),
  tag?.startsWith("slow-start") === true ? 3_000 : 0,
);
