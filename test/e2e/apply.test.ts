import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { parse } from "yaml";
import { baton, editFile, ROOT, shopCopy } from "../support/shop-project.js";
import { freePort } from "../support/net-fixtures.js";

// `baton apply` and `baton export` end to end: the built CLI and a background owner.

const SERVICE = join(ROOT, "src/runtime/circuit/testdata/live-service.js");

interface Status {
  runtime: { name: string; port: number; backend: string; live: { pid: number } | null }[];
}

function status(dir: string): Map<string, Status["runtime"][number]> {
  const s = JSON.parse(baton(dir, "status", "--json").stdout) as Status;
  return new Map(s.runtime.map((n) => [n.name, n]));
}

describe("baton apply", () => {
  it("adds, changes and removes nodes without touching the rest; export writes what runs", async () => {
    const dir = await shopCopy();
    expect(baton(dir, "up", "--detach").status).toBe(0);
    onTestFinished(() => void baton(dir, "down"));
    expect(baton(dir, "slot", "orders", process.execPath, SERVICE, "--skip-validate").status).toBe(
      0,
    );
    const before = status(dir);
    const file = join(dir, "baton.yaml");
    const original = readFileSync(file, "utf8");
    const search = await freePort();
    const catalog = String(before.get("catalog")?.port);
    const moved = await freePort();
    const text = original
      .replace(`port: ${catalog}`, `port: ${moved}`)
      // users goes, with its edge; search comes.
      .replace(/\n {2}# Customer accounts\.\n {2}- name: users\n(?: {4}.*\n| {6}.*\n)+/, "\n")
      .replace(/ {2}- source: gateway\n {4}target: users\n {4}label: account lookups\n/, "")
      .replace(
        "# Edges are",
        `  - name: search\n    port: ${search}\n    contract: contracts/catalog.yaml\n\n# Edges are`,
      );
    writeFileSync(file, text);

    const dry = baton(dir, "apply", "--dry-run");
    expect(dry.stderr).toBe("");
    expect(dry.stdout).toContain(
      `+ add search on 127.0.0.1:${search} (http, service), on its mock`,
    );
    expect(dry.stdout).toContain("- remove users");
    expect(dry.stdout).toContain(`~ catalog: port ${catalog} → ${moved}`);
    expect(dry.stdout).toContain("3 nodes touched, 3 untouched");
    expect(status(dir).get("users")?.port).toBe(before.get("users")?.port); // nothing done

    const applied = baton(dir, "apply");
    expect(applied.stderr).toBe("");
    expect(applied.status).toBe(0);
    expect(applied.stdout).toMatch(/✓ open the adapter of search/);
    const after = status(dir);
    expect([...after.keys()]).toEqual(["gateway", "orders", "catalog", "payments", "search"]);
    expect(after.get("orders")?.live?.pid).toBe(before.get("orders")?.live?.pid);
    expect(after.get("gateway")?.port).toBe(before.get("gateway")?.port);
    expect(after.get("catalog")?.port).toBe(moved);
    expect((await fetch(`http://127.0.0.1:${search}/products`)).status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${before.get("users")?.port}/health`)).rejects.toThrow();
    expect(baton(dir, "apply").stdout).toContain("nothing to converge");

    // A contract edited in place (same path) is a change too: the node gets a new mock.
    const payments = `http://127.0.0.1:${before.get("payments")?.port}/refunds`;
    expect((await fetch(payments)).status).toBe(404);
    editFile(join(dir, "contracts/payments.yaml"), (text) =>
      text.replace(
        /^paths:\n/m,
        'paths:\n  /refunds:\n    get:\n      responses:\n        "200":\n          description: refunds\n          content:\n            application/json:\n              example: { items: [] }\n',
      ),
    );
    const remocked = baton(dir, "apply");
    expect(remocked.stdout).toContain("~ payments: contract contracts/payments.yaml edited");
    expect(await (await fetch(payments)).json()).toEqual({ items: [] });

    // export: valid v2 YAML of what runs, comments kept; a path that cannot be written fails.
    const exported = baton(dir, "export");
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain("# An example Baton circuit");
    const doc = parse(exported.stdout) as { version: number; nodes: { name: string }[] };
    expect(doc.version).toBe(2);
    expect(doc.nodes.map((n) => n.name)).toEqual([
      "gateway",
      "orders",
      "catalog",
      "payments",
      "search",
    ]);
    mkdirSync(join(dir, "out"));
    expect(baton(dir, "export", "--output", "out/circuit.yaml").stdout).toBe(
      "exported to out/circuit.yaml\n",
    );
    expect(readFileSync(join(dir, "out/circuit.yaml"), "utf8")).toBe(exported.stdout);
    writeFileSync(join(dir, "out/circuit.yaml"), "");
    const blocked = baton(dir, "export", "--output", "missing/circuit.yaml");
    expect([blocked.status, blocked.stdout]).toEqual([1, ""]);
    expect(blocked.stderr).toMatch(
      /^error\[E_WRITE_FAILED\] cannot write .*missing\/circuit.yaml: its directory does not exist/,
    );

    // An invalid baton.yaml is refused with its errors; nothing is touched.
    const valid = readFileSync(file, "utf8");
    writeFileSync(file, valid.replace(`port: ${search}`, "port: 99999"));
    const invalid = baton(dir, "apply");
    expect([invalid.status, invalid.stdout]).toEqual([1, ""]);
    expect(invalid.stderr).toMatch(
      /^error\[E_CONFIG_INVALID\] baton\.yaml:\d+:\d+ nodes\[4\]\.port/,
    );
    writeFileSync(file, valid);
    expect(status(dir).get("search")?.port).toBe(search);
  });
});
