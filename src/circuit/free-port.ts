import { createServer } from "node:net";
import { BatonError } from "../common/index.js";
import { AUTO_PORT_MAX, AUTO_PORT_MIN } from "./defaults.js";

/** Tells whether a port can be bound right now. */
export type PortProbe = (port: number, host: string) => Promise<boolean>;

/** Tries to listen on host:port and closes at once. */
export const probePort: PortProbe = (port, host) =>
  new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });

/**
 * The lowest port from AUTO_PORT_MIN to AUTO_PORT_MAX that no node of the circuit uses and
 * that nothing on this machine is listening on.
 */
export async function chooseFreePort(
  taken: ReadonlySet<number>,
  host: string,
  probe: PortProbe = probePort,
): Promise<number> {
  for (let port = AUTO_PORT_MIN; port <= AUTO_PORT_MAX; port++) {
    if (taken.has(port)) continue;
    if (await probe(port, host)) return port;
  }
  throw new BatonError("E_NO_FREE_PORT", `no free port from ${AUTO_PORT_MIN} to ${AUTO_PORT_MAX}`, {
    hint: "pass --port with a port you know is free",
  });
}
