import { Pool } from "undici";

// The load generator of bench:runtime, in its own process so it does not share an event loop
// with the adapters it measures: CONNECTIONS keep-alive connections, each a loop of sequential
// GETs of URL, for SECONDS. Prints one line `{"startedAt": <epoch ms>}` when the load begins,
// then, when it ends, one JSON line with every request: its start (ms after startedAt), its
// latency (ms), its status (0 when it threw) and the index of the `tag` it answered with.
// Epoch times are performance.timeOrigin + performance.now(), as in the bench, so both
// processes share one time base.
const [url, connectionsArg, secondsArg] = process.argv.slice(2);
const connections = Number(connectionsArg);
const seconds = Number(secondsArg);
if (url === undefined || !(connections > 0) || !(seconds > 0)) {
  console.error("usage: load URL CONNECTIONS SECONDS");
  process.exit(2);
}

const target = new URL(url);
const pool = new Pool(target.origin, { connections, pipelining: 1 });
const path = target.pathname + target.search;
const now = (): number => performance.now();

// Open every connection first, so the measured load starts with all of them ready.
await Promise.all(
  Array.from({ length: connections }, async () => {
    const r = await pool.request({ path, method: "GET" });
    await r.body.dump();
  }),
);

const starts: number[] = [];
const latencies: number[] = [];
const statuses: number[] = [];
const tagOf: number[] = [];
const tagNames: string[] = [];
const errors: string[] = [];
const begin = now();
const deadline = begin + seconds * 1000;
console.log(JSON.stringify({ startedAt: performance.timeOrigin + begin }));

function tagIndex(tag: string): number {
  const i = tagNames.indexOf(tag);
  return i >= 0 ? i : tagNames.push(tag) - 1;
}

async function worker(): Promise<void> {
  while (now() < deadline) {
    const started = now();
    let status = 0;
    let tag = -1;
    try {
      const r = await pool.request({ path, method: "GET" });
      status = r.statusCode;
      const body = (await r.body.json()) as { tag?: unknown };
      if (typeof body.tag === "string") tag = tagIndex(body.tag);
    } catch (error) {
      if (errors.length < 10) errors.push(String(error));
    }
    starts.push(started - begin);
    latencies.push(now() - started);
    statuses.push(status);
    tagOf.push(tag);
  }
}

await Promise.all(Array.from({ length: connections }, worker));
await pool.close();
const round = (v: number): number => Math.round(v * 1000) / 1000;
process.stdout.write(
  JSON.stringify({
    starts: starts.map(round),
    latencies: latencies.map(round),
    statuses,
    tags: tagOf,
    tagNames,
    errors,
  }) + "\n",
  () => process.exit(0),
);
