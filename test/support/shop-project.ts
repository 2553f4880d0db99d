import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { onTestFinished } from "vitest";
import { freePort } from "./net-fixtures.js";

// The end-to-end tests' project: the shop example in a temporary folder, run by the built CLI.

export const ROOT = resolve(import.meta.dirname, "../..");
export const CLI = join(ROOT, "dist/cli/main.js");

/** The shop example copied to a temporary folder (removed after the test), each node on a free port. */
export async function shopCopy(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "baton-shop-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(ROOT, "examples/shop"), dir, { recursive: true });
  const file = join(dir, "baton.yaml");
  let text = readFileSync(file, "utf8");
  for (const port of text.match(/^\s+port: \d+$/gm) ?? [])
    text = text.replace(port, port.replace(/\d+$/, String(await freePort())));
  writeFileSync(file, text);
  return dir;
}

/** Rewrites a text file in place with `edit`. */
export function editFile(file: string, edit: (text: string) => string): void {
  writeFileSync(file, edit(readFileSync(file, "utf8")));
}

/** Runs the built CLI on the project in `dir` (from inside it) and waits for it to exit. */
export function baton(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args, "--dir", dir], { encoding: "utf8", cwd: dir });
}

/** `baton` without blocking this process (its event loop keeps serving, e.g. test load). */
export function batonAsync(
  dir: string,
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, "--dir", dir], { cwd: dir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}
