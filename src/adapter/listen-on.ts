import type { AddressInfo, Server } from "node:net";

/**
 * Listens on `host:port` (0: the OS chooses) and resolves with the bound port. A port in use or
 * not allowed is said in those words, with what to do.
 */
export async function listenOn(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException): void => {
      const where = `${host}:${port}`;
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `port ${port} on ${host} is already in use; stop what holds it or change the node's port`,
            )
          : error.code === "EACCES"
            ? new Error(`not allowed to listen on ${where}; use a port above 1023`)
            : error.code === "EADDRNOTAVAIL"
              ? new Error(`${host} is not an address of this machine`)
              : error,
      );
    };
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
