import { createServer } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { listenOn } from "./listen-on.js";

describe("listenOn", () => {
  it("binds a port the OS chooses, and says plainly when a port is taken", async () => {
    const first = createServer();
    onTestFinished(() => void first.close());
    const port = await listenOn(first, 0, "127.0.0.1");
    expect(port).toBeGreaterThan(0);
    const second = createServer();
    await expect(listenOn(second, port, "127.0.0.1")).rejects.toThrow(
      `port ${port} on 127.0.0.1 is already in use; stop what holds it or change the node's port`,
    );
  });
});
