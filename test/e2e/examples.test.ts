import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkCircuitText } from "../../src/circuit/index.js";

const ROOT = resolve(import.meta.dirname, "../..");
const EXAMPLES = join(ROOT, "examples");
const CLI = join(ROOT, "dist/cli/main.js");
const examples = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe.each(examples)("examples/%s", (name) => {
  const dir = join(EXAMPLES, name);

  it("is a valid circuit with no warnings", () => {
    const file = join(dir, "baton.yaml");
    const check = checkCircuitText(file, readFileSync(file, "utf8"), dir);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([]);
  });

  it("runs through the built CLI (`baton status`)", () => {
    expect(existsSync(CLI), "run npm run build first").toBe(true);
    const run = spawnSync(process.execPath, [CLI, "status", "--dir", dir], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Circuit: \S+ \(version 2\)/);
  });
});

it("the shop example has the documented topology", () => {
  const file = join(EXAMPLES, "shop/baton.yaml");
  const config = checkCircuitText(file, readFileSync(file, "utf8")).config;
  expect(config?.nodes.map((n) => `${n.name}:${n.role}`)).toEqual([
    "gateway:ingress",
    "orders:service",
    "users:service",
    "catalog:service",
    "payments:egress",
  ]);
  expect(config?.edges.map((e) => `${e.source}->${e.target}`)).toContain("orders->payments");
});
