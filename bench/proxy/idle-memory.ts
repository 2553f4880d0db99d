import { HttpAdapter } from "../../src/adapter/index.js";
import { seededRandom } from "../../src/common/index.js";

// Memory of idle nodes: N HTTP adapters listening with a snapshot each (one backend pool,
// no traffic), against the same process before them. Prints MB per node (heap + external +
// array buffers, after a full collection; RSS is noisier and shown on stderr).
const N = 100;
const upstream = Number(process.argv[2]);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const used = () => {
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
};

// Warm the code paths first so compiled code is not counted as per-node memory.
const warm = new HttpAdapter({ node: "warm", port: 0, random: seededRandom(1) });
await warm.listen();
await warm.close(0);
gc();
const before = used();
const adapters: HttpAdapter[] = [];
for (let i = 0; i < N; i++) {
  const a = new HttpAdapter({ node: `node-${i}`, port: 0, random: seededRandom(i) });
  await a.listen();
  a.apply({
    version: 1,
    targets: [{ kind: "network", id: "live", host: "127.0.0.1", port: upstream }],
    route: { kind: "single", target: "live" },
  });
  adapters.push(a);
}
gc();
const after = used();
console.error(`rss per node ${((after.rss - before.rss) / N / 1e6).toFixed(3)} MB`);
console.log(((after.heap - before.heap) / N / (1024 * 1024)).toFixed(4));
await Promise.all(adapters.map((a) => a.close(0)));
process.exit(0);
