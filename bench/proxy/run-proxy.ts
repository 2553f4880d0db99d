import { createServer, connect, type AddressInfo } from "node:net";
import { seededRandom } from "../../src/common/index.js";
import { HttpAdapter, StreamAdapter } from "../../src/adapter/index.js";

// One proxy under test, in its own process (pinned to a core by the bench): `http UPSTREAM`
// (Baton's HTTP adapter), `tcp UPSTREAM` (Baton's TCP node adapter) or `pipe UPSTREAM` (a bare Node
// TCP pipe, the floor the TCP adapter is compared with). Prints its port on stdout.
const [kind, upstreamArg] = process.argv.slice(2);
const upstream = Number(upstreamArg);

/** The snapshot every adapter under test gets: all traffic to the upstream. */
const SNAPSHOT = {
  version: 1,
  targets: [{ kind: "network" as const, id: "upstream", host: "127.0.0.1", port: upstream }],
  route: { kind: "single" as const, target: "upstream" },
};

if (kind === "http" || kind === "tcp") {
  const adapter =
    kind === "http"
      ? new HttpAdapter({ node: "bench", port: 0, random: seededRandom(1) })
      : new StreamAdapter({ node: "bench", protocol: "tcp", port: 0 });
  const port = await adapter.listen();
  adapter.apply(SNAPSHOT);
  console.log(port);
} else if (kind === "pipe") {
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const backend = connect(upstream, "127.0.0.1");
    client.pipe(backend).pipe(client);
    client.on("error", () => backend.destroy());
    backend.on("error", () => client.destroy());
  });
  server.listen(0, "127.0.0.1", () => console.log((server.address() as AddressInfo).port));
} else {
  console.error(`usage: run-proxy http|tcp|pipe UPSTREAM_PORT`);
  process.exit(2);
}
