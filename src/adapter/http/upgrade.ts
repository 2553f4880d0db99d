import type { H1Request } from "./h1/h1-connection.js";
import { connect, type Socket } from "node:net";
import type { TargetSpec } from "../target.js";
import { forwardRequestHeaders } from "./hop-headers.js";
import { CONNECT_TIMEOUT_MS } from "./http-defaults.js";
import { rawClientError } from "./raw-response.js";

/**
 * Passes an Upgrade request (WebSocket and the like) through: the handshake goes to the
 * backend with forwarding headers and `Upgrade`/`Connection` kept; from then on bytes flow both
 * ways untouched until either side closes. `done` is called once, when both sockets are gone.
 */
export function pipeUpgrade(
  req: H1Request,
  client: Socket,
  head: Buffer,
  target: Extract<TargetSpec, { kind: "network" }>,
  done: () => void,
): void {
  const backend = connect({ host: target.host, port: target.port, timeout: CONNECT_TIMEOUT_MS });
  let open = 2;
  const closed = (): void => {
    open -= 1;
    if (open === 0) done();
  };
  client.once("close", closed);
  backend.once("close", closed);
  client.on("error", () => backend.destroy());
  backend.on("error", () => {
    if (client.writable && backend.bytesRead === 0)
      client.end(
        rawClientError(502, "bad-gateway", "", "the backend refused the upgrade connection"),
      );
    else client.destroy();
  });
  backend.once("timeout", () => backend.destroy(new Error("connect timeout")));
  backend.once("connect", () => {
    backend.setTimeout(0);
    const headers = forwardRequestHeaders(req.rawHeaders, {
      clientIp: req.remoteAddress,
      proto: "http",
      upgrade: true,
    });
    let text = `${req.method} ${req.url} HTTP/1.1\r\n`;
    for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
    backend.write(`${text}\r\n`, "latin1");
    if (head.length > 0) backend.write(head);
    backend.pipe(client);
    client.pipe(backend);
  });
}
